// Where a command writes an output (run --out, roofline --out/--html, project --out):
// decided and checked once, before anything is written, then written the way its kind
// needs:
//   "-", or a path naming the pipe or file standard output is open on (/dev/stdout in
//       `| jq` or `> r.json`): written to standard output;
//   a FIFO or character device (/dev/null, /dev/tty), also through symlinks: written
//       straight into, never renamed over and never locked;
//   anything else is a regular file: through symlinks to their final target, which is
//       replaced atomically (the links stay links); a new path needs its directory.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ridgeline {

// Why an output cannot be written, one line naming the path as given.
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class OutputTarget {
 public:
  enum class Kind { standard_output, stream, regular_file };

  // Throws OutputError for a missing, unwritable or non-directory parent, a directory, a
  // socket or block device, a symlink loop, or a stream that cannot be opened for writing.
  explicit OutputTarget(std::string argument);

  Kind kind() const { return kind_; }
  // Only a regular file can be rewritten: a stream takes one write.
  bool rewritable() const { return kind_ == Kind::regular_file; }
  // Output lands on standard output, so a command prints its own report to stderr.
  bool is_standard_output() const { return kind_ == Kind::standard_output; }
  const std::string& argument() const { return argument_; }
  // For messages: "standard output" for "-", else the path as given.
  std::string name() const;
  // A regular file: the file that is replaced (symlinks resolved). Otherwise the path
  // as given ("-" for standard output).
  const std::filesystem::path& file() const { return file_; }

  // The whole contents: a regular file through write_file_atomically, a stream in one
  // pass (a FIFO blocks here until a reader opens it). Throws std::system_error naming
  // the path; a reader that went away is EPIPE, not a SIGPIPE.
  void write(std::string_view contents) const;

  // Whether both name one file or stream, however spelled: through symlinks, "." and
  // "..", hard links, or "-" and /dev/stdout.
  bool same_as(const OutputTarget& other) const;

 private:
  void resolve_regular_file(const std::filesystem::path& start);

  std::string argument_;
  Kind kind_ = Kind::regular_file;
  std::filesystem::path file_;
  std::optional<std::pair<dev_t, ino_t>> inode_;  // when it exists
  std::filesystem::path canonical_;               // a regular file's absolute path
};

}  // namespace ridgeline
