#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

// openat2(2) has no glibc wrapper before 2.32's headers and is a variadic syscall(2) call, which Swift cannot
// make: this one typed inline wrapper (and the flags it needs) is all the module holds. The syscall number is 437 on x86-64 and arm64 alike
// (syscalls added since Linux 5.1 share one number); struct open_how is declared here as <linux/openat2.h>
// declares it, so older kernel headers build too. A kernel or seccomp filter without openat2 answers ENOSYS (or EPERM).

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

struct ga_open_how {
    uint64_t flags;
    uint64_t mode;
    uint64_t resolve;
};

// O_PATH is behind _GNU_SOURCE, which Swift's Glibc module does not define; asm-generic/fcntl.h's value, the
// same on x86-64 and arm64.
#define GA_O_PATH 0x200000

#define GA_RESOLVE_NO_MAGICLINKS 0x02
#define GA_RESOLVE_NO_SYMLINKS 0x04
#define GA_RESOLVE_BENEATH 0x08

/// Opens `path` relative to the directory `dirfd` with `flags`, never leaving that directory and never following
/// a symbolic link on the way (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS). -1 and errno on
/// failure: ELOOP for a symlink, EXDEV for an escape, ENOSYS/EPERM where the syscall is unavailable.
static inline int ga_openat2_beneath_no_symlinks(int dirfd, const char *path, int flags) {
    struct ga_open_how how = {
        .flags = (uint64_t)flags,
        .mode = 0,
        .resolve = GA_RESOLVE_BENEATH | GA_RESOLVE_NO_SYMLINKS | GA_RESOLVE_NO_MAGICLINKS,
    };
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}
