// Counts heap allocations for the benchmarks (`herald-bench`), so that "allocations per parse" is measured,
// not guessed. Linked only into the benchmark executable: its malloc family wraps glibc's and adds one relaxed
// atomic increment per call.
#define _GNU_SOURCE
#include "CAllocationCounter.h"
#include <stddef.h>
#include <errno.h>
#include <malloc.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static uint64_t counter;

static inline void count(void) { __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED); }

uint64_t herald_allocation_count(void) { return __atomic_load_n(&counter, __ATOMIC_RELAXED); }

uint64_t herald_heap_in_use(void) { return mallinfo2().uordblks; }

void *malloc(size_t size) { count(); return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { count(); return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { count(); return __libc_realloc(p, size); }
void free(void *p) { __libc_free(p); }
void *memalign(size_t alignment, size_t size) { count(); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { count(); return __libc_memalign(alignment, size); }
int posix_memalign(void **out, size_t alignment, size_t size) {
    count();
    void *p = __libc_memalign(alignment, size);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}
