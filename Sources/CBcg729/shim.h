// bcg729 (GPL-3+): ITU-T G.729/G.729A encoder and decoder.
#include <bcg729/encoder.h>
#include <bcg729/decoder.h>
