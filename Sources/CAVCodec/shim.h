// libavcodec (FFmpeg 5.1, built --enable-gpl on Debian): used for the G.723.1 encoder and decoder.
#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <errno.h>

// AVERROR(EAGAIN) and AVERROR_EOF are macros Swift cannot import.
static inline int herald_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int herald_averror_eof(void) { return AVERROR_EOF; }
