// CLinux — Linux calls that glibc declares only under _GNU_SOURCE, which Swift's Glibc module does not set.
#ifndef HERALD_CLINUX_SHIM_H
#define HERALD_CLINUX_SHIM_H

/// syncfs(2): commits the whole filesystem that holds `fd` to stable storage (glibc ≥ 2.14).
extern int syncfs(int fd);

#endif
