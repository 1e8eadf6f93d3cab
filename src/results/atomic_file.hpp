// Crash-safe file replacement and a per-file advisory writer lock (POSIX).
#pragma once

#include <filesystem>
#include <string_view>

namespace ridgeline {

// Replaces `path` with `contents` via "<path>.tmp.<pid>" in the same directory, fsync and
// rename, so a reader or a crash sees the old file or the new one, never a mix. On failure
// the old file is untouched, the temporary is removed and std::system_error is thrown.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

// flock(LOCK_EX | LOCK_NB) on "<target>.lock", held until destruction, which removes the
// sidecar. Throws std::runtime_error when another process (or object) holds it. For regular
// files only (OutputTarget's resolved file): a stream gets no sidecar, no /dev/stdout.lock.
class ExclusiveFileLock {
 public:
  explicit ExclusiveFileLock(const std::filesystem::path& target);
  ~ExclusiveFileLock();
  ExclusiveFileLock(const ExclusiveFileLock&) = delete;
  ExclusiveFileLock& operator=(const ExclusiveFileLock&) = delete;

 private:
  std::filesystem::path lock_path_;
  int fd_ = -1;
};

}  // namespace ridgeline
