// libridgeline_mpi.so: MpiWorld over the MPI library this plugin links (MPI's C API).
// Loaded by the binary at run time (fleet/mpi_loader.hpp), never linked into it.
#include <mpi.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "fleet/mpi_world.hpp"

namespace ridgeline::mpi {
namespace {

// Between two MPI_Test calls of a waiting barrier: short against a benchmark, long enough
// that waiting ranks leave the cores to the ranks still measuring (oversubscribed nodes).
constexpr auto kPollInterval = std::chrono::microseconds(200);

void check(int code, const char* call) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING] = {};
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw std::runtime_error(std::string(call) + ": " + text);
}

class OpenedWorld final : public MpiWorld {
 public:
  OpenedWorld() {
    check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
    // Errors come back as codes (and become exceptions) instead of aborting the job.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  }
  ~OpenedWorld() override = default;

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  std::string library_version() const override {
    char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
    int length = 0;
    MPI_Get_library_version(text, &length);
    std::string version(text, static_cast<std::size_t>(length));
    if (const auto end = version.find_first_of("\n,"); end != std::string::npos)
      version.resize(end);
    return version;
  }

  bool barrier(double timeout_seconds, const std::function<bool()>& give_up) override {
    MPI_Request request = MPI_REQUEST_NULL;
    check(MPI_Ibarrier(MPI_COMM_WORLD, &request), "MPI_Ibarrier");
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(timeout_seconds));
    for (;;) {
      int done = 0;
      check(MPI_Test(&request, &done, MPI_STATUS_IGNORE), "MPI_Test");
      if (done) return true;
      if ((give_up && give_up()) || std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(kPollInterval);
    }
  }

  double max_over_ranks(double value) override {
    double out = 0;
    check(MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
    return out;
  }

  std::vector<std::string> all_gather_text(const std::string& mine) override {
    int length = static_cast<int>(mine.size());
    std::vector<int> lengths(static_cast<std::size_t>(size_));
    check(MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, MPI_COMM_WORLD),
          "MPI_Allgather");
    std::vector<int> offsets(lengths.size());
    int total = 0;
    for (std::size_t i = 0; i < lengths.size(); ++i) {
      offsets[i] = total;
      total += lengths[i];
    }
    std::string all(static_cast<std::size_t>(total), '\0');
    check(MPI_Allgatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(),
                         MPI_CHAR, MPI_COMM_WORLD),
          "MPI_Allgatherv");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < lengths.size(); ++i)
      out.push_back(
          all.substr(static_cast<std::size_t>(offsets[i]), static_cast<std::size_t>(lengths[i])));
    return out;
  }

  std::vector<std::string> gather_text(const std::string& mine, int root) override {
    int length = static_cast<int>(mine.size());
    std::vector<int> lengths(static_cast<std::size_t>(size_));
    check(MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, root, MPI_COMM_WORLD),
          "MPI_Gather");
    std::vector<int> offsets(lengths.size());
    int total = 0;
    for (std::size_t i = 0; i < lengths.size(); ++i) {
      offsets[i] = total;
      total += lengths[i];
    }
    std::string all(static_cast<std::size_t>(rank_ == root ? total : 0), '\0');
    check(MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(),
                      MPI_CHAR, root, MPI_COMM_WORLD),
          "MPI_Gatherv");
    std::vector<std::string> out;
    if (rank_ != root) return out;
    for (std::size_t i = 0; i < lengths.size(); ++i)
      out.push_back(
          all.substr(static_cast<std::size_t>(offsets[i]), static_cast<std::size_t>(lengths[i])));
    return out;
  }

  void broadcast_bytes(void* data, std::size_t bytes, int root) override {
    check(MPI_Bcast(data, static_cast<int>(bytes), MPI_BYTE, root, MPI_COMM_WORLD), "MPI_Bcast");
  }

  double collective(kernels::CollectiveOp op, const float* send, float* receive,
                    std::uint64_t count, int calls,
                    const std::function<void()>& before_call) override {
    const int n = static_cast<int>(count);
    if (static_cast<std::uint64_t>(n) != count)
      throw std::runtime_error("a collective of more than 2^31 - 1 elements per call");
    double inside = 0;
    for (int i = 0; i < calls; ++i) {
      if (before_call) before_call();
      const double start = MPI_Wtime();
      switch (op) {
        case kernels::CollectiveOp::all_reduce:
          check(MPI_Allreduce(send, receive, n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD),
                "MPI_Allreduce");
          break;
        case kernels::CollectiveOp::all_gather:
          check(MPI_Allgather(send, n, MPI_FLOAT, receive, n, MPI_FLOAT, MPI_COMM_WORLD),
                "MPI_Allgather");
          break;
        case kernels::CollectiveOp::reduce_scatter:
          check(MPI_Reduce_scatter_block(send, receive, n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD),
                "MPI_Reduce_scatter_block");
          break;
        case kernels::CollectiveOp::all_to_all:
          check(MPI_Alltoall(send, n, MPI_FLOAT, receive, n, MPI_FLOAT, MPI_COMM_WORLD),
                "MPI_Alltoall");
          break;
        case kernels::CollectiveOp::broadcast:
          // The root sends from its send buffer, the others receive: out of place, as
          // ncclBroadcast does (the caller gives the root its copy, untimed).
          check(MPI_Bcast(rank_ == kernels::kBroadcastRoot ? const_cast<float*>(send) : receive, n,
                          MPI_FLOAT, kernels::kBroadcastRoot, MPI_COMM_WORLD),
                "MPI_Bcast");
          break;
      }
      inside += MPI_Wtime() - start;
    }
    return inside;
  }

  void finalize() override {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
  }

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace
}  // namespace ridgeline::mpi

extern "C" __attribute__((visibility("default"))) ridgeline::mpi::MpiWorld* ridgeline_mpi_open(
    int abi_version, char* error, std::size_t error_size) {
  const auto say = [&](const std::string& text) {
    std::snprintf(error, error_size, "%s", text.c_str());
    return nullptr;
  };
  if (abi_version != ridgeline::mpi::kPluginAbiVersion)
    return say(std::string("plugin ABI ") + std::to_string(ridgeline::mpi::kPluginAbiVersion) +
               ", binary expects " + std::to_string(abi_version) + " (rebuild both)");
  try {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
      // The harness calls MPI from its measuring thread only; its watchdog never does.
      int provided = 0;
      const int code = MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
      if (code != MPI_SUCCESS)
        return say(std::string("MPI_Init_thread failed with code ") + std::to_string(code));
    }
    return new ridgeline::mpi::OpenedWorld();
  } catch (const std::exception& e) {
    return say(e.what());
  }
}
