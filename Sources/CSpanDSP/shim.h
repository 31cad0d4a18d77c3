// spandsp (LGPL-2.1): G.722, G.711 reference, PLC, DTMF and modem connect-tone detection.
#include <spandsp.h>
