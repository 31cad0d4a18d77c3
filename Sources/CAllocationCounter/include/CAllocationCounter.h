#ifndef C_ALLOCATION_COUNTER_H
#define C_ALLOCATION_COUNTER_H
#include <stdint.h>

/// Number of malloc/calloc/realloc/posix_memalign/aligned_alloc calls since the process started.
uint64_t herald_allocation_count(void);

#endif
