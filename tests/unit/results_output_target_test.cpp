#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <future>
#include <string>

#include "results/output_target.hpp"
#include "results/result_reader.hpp"
#include "results/result_writer.hpp"
#include "results_test_support.hpp"

namespace ridgeline {
namespace {

using testing::read_text;
using testing::TempDir;
using testing::write_text;

std::string error_of(const std::string& path) {
  try {
    OutputTarget target(path);
  } catch (const OutputError& e) {
    return e.what();
  }
  return "no error";
}

// Reads a FIFO to its end on another thread, as a consumer of `--out fifo` would.
std::future<std::string> read_fifo(const std::filesystem::path& fifo) {
  return std::async(std::launch::async, [fifo] { return read_text(fifo); });
}

TEST(OutputTarget, ANewPathIsARegularFileInItsDirectory) {
  TempDir dir;
  const OutputTarget t((dir / "r.json").string());
  EXPECT_EQ(t.kind(), OutputTarget::Kind::regular_file);
  EXPECT_TRUE(t.rewritable());
  t.write("one");
  t.write("two");
  EXPECT_EQ(read_text(dir / "r.json"), "two");
}

TEST(OutputTarget, ASymlinkStaysALinkAndItsTargetIsReplaced) {
  TempDir dir;
  write_text(dir / "target.json", "old");
  std::filesystem::create_symlink("target.json", dir / "link.json");
  std::filesystem::create_symlink("link.json", dir / "link2.json");  // a chain of two
  const OutputTarget t((dir / "link2.json").string());
  EXPECT_EQ(t.file(), dir / "target.json");
  t.write("new");
  EXPECT_TRUE(std::filesystem::is_symlink(dir / "link.json"));
  EXPECT_TRUE(std::filesystem::is_symlink(dir / "link2.json"));
  EXPECT_EQ(read_text(dir / "target.json"), "new");
}

TEST(OutputTarget, ADanglingSymlinkCreatesItsTarget) {
  TempDir dir;
  std::filesystem::create_directory(dir / "sub");
  std::filesystem::create_symlink("sub/made.json", dir / "link.json");
  OutputTarget((dir / "link.json").string()).write("x");
  EXPECT_TRUE(std::filesystem::is_symlink(dir / "link.json"));
  EXPECT_EQ(read_text(dir / "sub" / "made.json"), "x");
}

TEST(OutputTarget, AFifoIsWrittenStraightIntoAndNeverReplaced) {
  TempDir dir;
  const auto fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  const OutputTarget t(fifo.string());
  EXPECT_EQ(t.kind(), OutputTarget::Kind::stream);
  EXPECT_FALSE(t.rewritable());
  auto reader = read_fifo(fifo);
  t.write("{\"a\": 1}\n");
  EXPECT_EQ(reader.get(), "{\"a\": 1}\n");
  struct stat st {};
  ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST(OutputTarget, DevNullIsAStream) {
  const OutputTarget t("/dev/null");
  EXPECT_EQ(t.kind(), OutputTarget::Kind::stream);
  t.write("discarded");
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST(OutputTarget, DashIsStandardOutput) {
  const OutputTarget t("-");
  EXPECT_TRUE(t.is_standard_output());
  EXPECT_EQ(t.name(), "standard output");
  EXPECT_FALSE(std::filesystem::exists("-"));
}

TEST(OutputTarget, AReaderThatLeftIsAnErrorNotASignal) {
  TempDir dir;
  const auto fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // A reader that opens and closes at once: the write gets EPIPE (the test process would
  // die of SIGPIPE if the writer let the signal through).
  auto reader = std::async(std::launch::async, [&] { ::close(::open(fifo.c_str(), O_RDONLY)); });
  const OutputTarget t(fifo.string());
  const std::string big(1 << 20, 'x');  // more than a pipe holds
  bool failed = false;
  try {
    t.write(big);
  } catch (const std::system_error& e) {
    failed = true;
    EXPECT_EQ(e.code().value(), EPIPE) << e.what();
  }
  reader.get();
  EXPECT_TRUE(failed);
}

TEST(OutputTarget, RefusesWhatItCannotWriteNamingThePath) {
  TempDir dir;
  const auto missing = (dir / "no-such-dir" / "r.json").string();
  EXPECT_EQ(error_of(missing), missing + ": cannot create a file in " +
                                   (dir / "no-such-dir").string() + ": No such file or directory");
  EXPECT_EQ(error_of(dir.path().string()),
            dir.path().string() + ": is a directory; name a file in it");
  write_text(dir / "plain", "x");
  const auto under_file = (dir / "plain" / "r.json").string();
  EXPECT_EQ(error_of(under_file), under_file + ": Not a directory");
  std::filesystem::create_symlink("loop", dir / "loop");
  EXPECT_EQ(error_of((dir / "loop").string()),
            (dir / "loop").string() + ": Too many levels of symbolic links");
  EXPECT_EQ(error_of(""), "an empty path: name a file, or - for standard output");

  const auto socket_path = dir / "sock";
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, socket_path.c_str(), sizeof(address.sun_path) - 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)), 0);
  EXPECT_EQ(error_of(socket_path.string()),
            socket_path.string() +
                ": is neither a regular file, a FIFO nor a character device (a socket or a "
                "block device); ridgeline does not write there");
  ::close(fd);
}

TEST(OutputTarget, SameFileHoweverSpelled) {
  TempDir dir;
  const auto a = (dir / "r.svg").string();
  EXPECT_TRUE(OutputTarget(a).same_as(OutputTarget((dir / "." / "r.svg").string())));
  EXPECT_FALSE(OutputTarget(a).same_as(OutputTarget((dir / "r.html").string())));
  write_text(dir / "r.svg", "x");
  std::filesystem::create_symlink("r.svg", dir / "link.svg");
  std::filesystem::create_hard_link(dir / "r.svg", dir / "hard.svg");
  EXPECT_TRUE(OutputTarget(a).same_as(OutputTarget((dir / "link.svg").string())));
  EXPECT_TRUE(OutputTarget(a).same_as(OutputTarget((dir / "hard.svg").string())));
  EXPECT_TRUE(OutputTarget("-").same_as(OutputTarget("-")));
  EXPECT_TRUE(OutputTarget("/dev/null").same_as(OutputTarget("/dev/null")));
  EXPECT_FALSE(OutputTarget("-").same_as(OutputTarget(a)));
}

TEST(ResultWriterOnAStream, WritesTheFinalFileOnceAndTakesNoLock) {
  TempDir dir;
  const auto fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto reader = read_fifo(fifo);
  {
    ResultWriter w(fifo, testing::sample_header());
    EXPECT_FALSE(std::filesystem::exists(dir / "pipe.lock"));
    w.append(testing::sample_memory_record());
    w.append(testing::sample_compute_record());
    EXPECT_NE(reader.wait_for(std::chrono::milliseconds(50)), std::future_status::ready);
    w.finish(RunStatus::complete, "2024-03-05T10:20:00Z");
  }
  const std::string text = reader.get();
  const auto file = std::filesystem::path(dir / "copy.json");
  write_text(file, text);
  const LoadResult loaded = load_result_file(file);
  ASSERT_TRUE(std::holds_alternative<ResultFile>(loaded)) << text.substr(0, 200);
  const ResultFile& f = std::get<ResultFile>(loaded);
  EXPECT_EQ(f.run.status, RunStatus::complete);
  EXPECT_EQ(f.benchmarks.size(), 2u);
  // Nothing but the FIFO and the copy: no temporary, no lock, no renamed file.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 2);
}

TEST(ResultWriterOnAStream, AnUnfinishedRunStillGetsItsFile) {
  TempDir dir;
  const auto fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto reader = read_fifo(fifo);
  ResultWriter w(fifo, testing::sample_header());
  w.append(testing::sample_memory_record());
  w.write_unfinished();
  const auto copy = dir / "copy.json";
  write_text(copy, reader.get());
  const LoadResult loaded = load_result_file(copy);
  ASSERT_TRUE(std::holds_alternative<ResultFile>(loaded));
  EXPECT_EQ(std::get<ResultFile>(loaded).run.status, RunStatus::incomplete);
  EXPECT_THROW(w.finish(RunStatus::complete, "x"), std::logic_error);
}

TEST(ResultWriterThroughASymlink, LocksAndReplacesTheTarget) {
  TempDir dir;
  std::filesystem::create_directory(dir / "real");
  std::filesystem::create_symlink("real/run.json", dir / "link.json");
  {
    ResultWriter w(dir / "link.json", testing::sample_header());
    EXPECT_TRUE(std::filesystem::exists(dir / "real" / "run.json.lock"));
    EXPECT_FALSE(std::filesystem::exists(dir / "link.json.lock"));
    // A second writer through the other name is refused: one file, one lock.
    EXPECT_THROW(ResultWriter(dir / "real" / "run.json", testing::sample_header()),
                 std::runtime_error);
    w.append(testing::sample_memory_record());
    w.finish(RunStatus::complete, "2024-03-05T10:20:00Z");
  }
  EXPECT_TRUE(std::filesystem::is_symlink(dir / "link.json"));
  const LoadResult loaded = load_result_file(dir / "real" / "run.json");
  ASSERT_TRUE(std::holds_alternative<ResultFile>(loaded));
  EXPECT_EQ(std::get<ResultFile>(loaded).benchmarks.size(), 1u);
}

}  // namespace
}  // namespace ridgeline
