import COpenat2
import Glibc

/// Opens a file beneath a directory without following any symbolic link on the way, so a link swapped in after a
/// check cannot lead outside: one descriptor, opened once, is what gets read. Symlinks below the root are refused
/// outright, even ones pointing back inside it: the per-component fallback could not confine them without
/// re-implementing path resolution, and Gallery writes none into its library (link a folder in as a root instead).
enum ConfinedOpen {
    /// How the walk beneath the root is done.
    enum Method: Sendable, CaseIterable {
        /// `openat2` with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS: the kernel resolves the whole path, race-free.
        case openat2
        /// `openat` with O_NOFOLLOW one component at a time, from the root's descriptor: for kernels before 5.6
        /// and seccomp filters (containers) that refuse openat2.
        case perComponent
    }

    /// A failed open: the errno, ELOOP when a symbolic link was met.
    struct Failure: Error, Equatable {
        let code: Int32
    }

    /// The method this kernel allows, probed once.
    static let available: Method = {
        let probe = ga_openat2_beneath_no_symlinks(AT_FDCWD, ".", GA_O_PATH | O_DIRECTORY | O_CLOEXEC)
        let code = errno
        if probe >= 0 { close(probe) }
        return probe < 0 && (code == ENOSYS || code == EPERM) ? .perComponent : .openat2
    }()

    /// A read-only descriptor for `components` (non-empty, none "", "." or "..") beneath the directory `root`.
    /// O_NONBLOCK keeps a FIFO planted in the library from blocking the open forever; it changes nothing for the
    /// regular files callers accept.
    static func open(_ components: [Substring], beneath root: String, method: Method = available) throws(Failure) -> Int32 {
        let rootDescriptor = Glibc.open(root, GA_O_PATH | O_DIRECTORY | O_CLOEXEC)
        guard rootDescriptor >= 0 else { throw Failure(code: errno) }
        defer { close(rootDescriptor) }
        let flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC
        switch method {
        case .openat2:
            let descriptor = ga_openat2_beneath_no_symlinks(rootDescriptor, components.joined(separator: "/"), flags)
            // EXDEV: the path tried to leave the root (an absolute or ".." link target, refused like any link).
            guard descriptor >= 0 else { throw Failure(code: errno == EXDEV ? ELOOP : errno) }
            return descriptor
        case .perComponent:
            return try openPerComponent(components, from: rootDescriptor, flags: flags)
        }
    }

    /// Walks the directories with GA_O_PATH | O_NOFOLLOW descriptors, then opens the last component with `flags`.
    private static func openPerComponent(_ components: [Substring], from root: Int32, flags: Int32) throws(Failure) -> Int32 {
        var directory = dup(root)
        guard directory >= 0 else { throw Failure(code: errno) }
        defer { close(directory) }
        for component in components.dropLast() {
            let next = openat(directory, String(component), GA_O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else { throw Failure(code: refinedDirectoryError(errno, directory, component)) }
            close(directory)
            directory = next
        }
        let descriptor = openat(directory, String(components[components.count - 1]), flags)
        guard descriptor >= 0 else { throw Failure(code: errno) }
        return descriptor
    }

    /// O_DIRECTORY | O_NOFOLLOW answers ENOTDIR for a symlink: told apart from a plain file here.
    private static func refinedDirectoryError(_ code: Int32, _ directory: Int32, _ component: Substring) -> Int32 {
        guard code == ENOTDIR else { return code }
        var status = stat()
        let isLink = fstatat(directory, String(component), &status, AT_SYMLINK_NOFOLLOW) == 0
            && (status.st_mode & S_IFMT) == S_IFLNK
        return isLink ? ELOOP : code
    }
}
