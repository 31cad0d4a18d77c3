#ifndef C_ALLOCATION_COUNTER_H
#define C_ALLOCATION_COUNTER_H
#include <stdint.h>

/// Number of malloc/calloc/realloc/posix_memalign/aligned_alloc calls since the process started.
uint64_t herald_allocation_count(void);

/// Bytes of heap in use now (glibc's mallinfo2), for memory per session: freed memory that stays resident does not count.
uint64_t herald_heap_in_use(void);

#endif
