// libsamplerate (BSD-2): band-limited sample-rate conversion.
#include <samplerate.h>
