// libgsm (ISC-style licence): GSM 06.10 full rate, 160 samples <-> 33-byte frames.
#include <gsm.h>
