// flite (BSD-style): text-to-speech. No installed header declares the voice registration functions.
#include <flite/flite.h>

cst_voice *register_cmu_us_slt(const char *voxdir);
cst_voice *register_cmu_us_kal(const char *voxdir);
