#include "results/output_target.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "results/atomic_file.hpp"

namespace ridgeline {
namespace {

// Linux's own limit on symlinks followed in one lookup.
constexpr int kMostSymlinks = 40;

[[noreturn]] void fail(const std::string& argument, const std::string& why) {
  throw OutputError(argument + ": " + why);
}

std::string error_text(int err) { return std::strerror(err); }

std::optional<std::pair<dev_t, ino_t>> inode_of(const struct stat& st) {
  return std::pair{st.st_dev, st.st_ino};
}

// The file standard output is open on, when it is open.
std::optional<std::pair<dev_t, ino_t>> standard_output_inode() {
  struct stat st {};
  if (::fstat(STDOUT_FILENO, &st) != 0) return std::nullopt;
  return inode_of(st);
}

std::filesystem::path directory_of(const std::filesystem::path& path) {
  const auto parent = path.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

// Every byte of `contents` to `fd`. SIGPIPE is held back meanwhile, so a reader that
// closed its end is an EPIPE error here rather than a signal that kills the run.
int write_all(int fd, std::string_view contents) {
  sigset_t pipe_only, previous;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, &previous);
  int err = 0;
  while (!contents.empty()) {
    const ssize_t n = ::write(fd, contents.data(), contents.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      err = errno;
      break;
    }
    contents.remove_prefix(static_cast<std::size_t>(n));
  }
  if (err == EPIPE) {
    // Take the SIGPIPE this write raised, so unblocking does not deliver it.
    const timespec no_wait{0, 0};
    sigtimedwait(&pipe_only, nullptr, &no_wait);
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return err;
}

}  // namespace

OutputTarget::OutputTarget(std::string argument) : argument_(std::move(argument)) {
  if (argument_.empty()) throw OutputError("an empty path: name a file, or - for standard output");
  const auto stdout_inode = standard_output_inode();
  if (argument_ == "-") {
    kind_ = Kind::standard_output;
    file_ = argument_;
    inode_ = stdout_inode;
    return;
  }
  struct stat st {};
  if (::stat(argument_.c_str(), &st) == 0) {
    inode_ = inode_of(st);
    if (stdout_inode && inode_ == stdout_inode && !S_ISCHR(st.st_mode)) {
      // /dev/stdout on a pipe, or the file the shell redirected stdout to: write through
      // the descriptor, so what the shell set up (a pipe, an append) is kept. A terminal
      // or /dev/null is a character device like any other.
      kind_ = Kind::standard_output;
      file_ = argument_;
      return;
    }
    if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
      kind_ = Kind::stream;
      file_ = argument_;
      if (::access(argument_.c_str(), W_OK) != 0)
        fail(argument_, "cannot write: " + error_text(errno));
      return;
    }
    if (S_ISDIR(st.st_mode)) fail(argument_, "is a directory; name a file in it");
    if (!S_ISREG(st.st_mode))
      fail(argument_,
           "is neither a regular file, a FIFO nor a character device (a socket or a block "
           "device); ridgeline does not write there");
    resolve_regular_file(argument_);
    return;
  }
  if (errno != ENOENT) fail(argument_, error_text(errno));
  // A new file, or a symlink to one that does not exist yet.
  resolve_regular_file(argument_);
}

void OutputTarget::resolve_regular_file(const std::filesystem::path& start) {
  kind_ = Kind::regular_file;
  std::filesystem::path path = start;
  for (int hops = 0;; ++hops) {
    struct stat link {};
    if (::lstat(path.c_str(), &link) != 0 || !S_ISLNK(link.st_mode)) break;
    if (hops == kMostSymlinks) fail(argument_, error_text(ELOOP));
    std::error_code ec;
    const auto target = std::filesystem::read_symlink(path, ec);
    if (ec) fail(argument_, "cannot read the symlink " + path.string() + ": " + ec.message());
    path = target.is_absolute() ? target : directory_of(path) / target;
  }
  file_ = path;
  // The replacement is made next to the file and renamed over it: the directory must
  // exist and take new entries.
  const auto dir = directory_of(path);
  struct stat dir_stat {};
  if (::stat(dir.c_str(), &dir_stat) != 0)
    fail(argument_, "cannot create a file in " + dir.string() + ": " + error_text(errno));
  if (!S_ISDIR(dir_stat.st_mode))
    fail(argument_, "cannot create a file in " + dir.string() + ": " + error_text(ENOTDIR));
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    fail(argument_, "cannot create a file in " + dir.string() + ": " + error_text(errno));
  std::error_code ec;
  canonical_ = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  if (ec) canonical_ = std::filesystem::absolute(path).lexically_normal();
}

std::string OutputTarget::name() const {
  return argument_ == "-" ? std::string("standard output") : argument_;
}

void OutputTarget::write(std::string_view contents) const {
  if (kind_ == Kind::regular_file) {
    write_file_atomically(file_, contents);
    return;
  }
  if (kind_ == Kind::standard_output) {
    std::fflush(stdout);  // anything printed before keeps its place
    if (const int err = write_all(STDOUT_FILENO, contents))
      throw std::system_error(err, std::generic_category(), name() + ": cannot write");
    return;
  }
  const int fd = ::open(file_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), name() + ": cannot open");
  const int err = write_all(fd, contents);
  const int close_err = ::close(fd) != 0 ? errno : 0;
  if (err || close_err)
    throw std::system_error(err ? err : close_err, std::generic_category(),
                            name() + ": cannot write");
}

bool OutputTarget::same_as(const OutputTarget& other) const {
  if (is_standard_output() && other.is_standard_output()) return true;
  if (inode_ && other.inode_) return *inode_ == *other.inode_;
  return kind_ == Kind::regular_file && other.kind_ == Kind::regular_file &&
         canonical_ == other.canonical_;
}

}  // namespace ridgeline
