#include "results/atomic_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <system_error>

namespace ridgeline {
namespace {

[[noreturn]] void throw_errno(int err, const std::string& what) {
  throw std::system_error(err, std::generic_category(), what);
}

std::filesystem::path directory_of(const std::filesystem::path& path) {
  const auto parent = path.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

// Writes and flushes to stable storage; returns 0 or the errno of the step that failed.
int write_and_sync(std::FILE* f, std::string_view contents) {
  if (!contents.empty() && std::fwrite(contents.data(), 1, contents.size(), f) != contents.size())
    return errno ? errno : EIO;
  if (std::fflush(f) != 0) return errno;
  if (::fsync(::fileno(f)) != 0) return errno;
  return 0;
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());

  // A leftover from a crashed writer with our pid is stale (the caller holds the lock);
  // "x" then refuses to write through anything that reappears there, such as a symlink.
  ::unlink(tmp.c_str());
  std::FILE* f = std::fopen(tmp.c_str(), "wbx");
  if (!f) throw_errno(errno, path.string() + ": cannot create " + tmp.string());
  errno = 0;
  const int write_err = write_and_sync(f, contents);
  const int close_err = std::fclose(f) != 0 ? errno : 0;
  if (write_err || close_err) {
    ::unlink(tmp.c_str());
    throw_errno(write_err ? write_err : close_err,
                path.string() + ": cannot write " + tmp.string());
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw_errno(err, path.string() + ": cannot replace with " + tmp.string());
  }
  // The rename is durable only once the directory entry is on disk.
  const auto dir = directory_of(path);
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) throw_errno(errno, path.string() + ": cannot open directory " + dir.string());
  const int sync_err = ::fsync(dfd) != 0 ? errno : 0;
  ::close(dfd);
  // EINVAL: the filesystem cannot sync directories; nothing more can be done there.
  if (sync_err && sync_err != EINVAL)
    throw_errno(sync_err, path.string() + ": cannot sync directory " + dir.string());
}

ExclusiveFileLock::ExclusiveFileLock(const std::filesystem::path& target) : lock_path_(target) {
  lock_path_ += ".lock";
  // Retry when the holder removed the sidecar between our open and flock: a lock on an
  // unlinked inode would exclude nobody.
  for (int attempt = 0; attempt < 16; ++attempt) {
    const int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      throw_errno(errno, target.string() + ": cannot create lock file " + lock_path_.string());
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      ::close(fd);
      if (err == EWOULDBLOCK)
        throw std::runtime_error(target.string() +
                                 " is being written by another ridgeline process");
      throw_errno(err, target.string() + ": cannot lock " + lock_path_.string());
    }
    struct stat held {
    }, named{};
    if (::fstat(fd, &held) == 0 && ::stat(lock_path_.c_str(), &named) == 0 &&
        held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
      fd_ = fd;
      return;
    }
    ::close(fd);
  }
  throw std::runtime_error(target.string() + ": lock file " + lock_path_.string() +
                           " keeps being replaced by another process");
}

ExclusiveFileLock::~ExclusiveFileLock() {
  if (fd_ < 0) return;
  ::unlink(lock_path_.c_str());  // while still held, so no one locks a file about to vanish
  ::close(fd_);
}

}  // namespace ridgeline
