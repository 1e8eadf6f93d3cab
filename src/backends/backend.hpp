// The small interface every backend (cpu, cuda, hip) implements. The harness owns
// timing policy, statistics, verification bookkeeping and output, so every backend is
// measured the same way; a backend only allocates, runs, times and checks.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "backends/collective_transport.hpp"
#include "core/catalogue.hpp"
#include "core/device.hpp"
#include "core/hardware_trace.hpp"
#include "core/params.hpp"
#include "core/run_conditions.hpp"
#include "core/transfer.hpp"
#include "core/verification.hpp"

namespace ridgeline {

// One benchmark instance as the planner asks for it.
struct CaseSpec {
  const KernelDecl* kernel = nullptr;
  DType dtype = DType::fp64;
  // Memory, transfer and intensity kernels: elements in each array; working-set kernels
  // (cache_read, chase): elements of the working set.
  std::uint64_t array_elements = 0;
  // Compute and matrix kernels: multiply-adds one call should execute (the backend rounds
  // it to its layout).
  std::uint64_t multiply_adds = 0;
  IntensityParams intensity;  // intensity kernels
  GemmShape gemm;             // gemm kernels: C = A x B with A M x K and B K x N
  TransferParams transfer;    // transfer kernels: host memory kind and copy engine
  // Matrix and gemm kernels: random operands (drawn from operand_seed, fresh per run)
  // or exact small integers.
  kernels::OperandMode operands = kernels::OperandMode::random;
  std::uint64_t operand_seed = 0;
  // Backend-specific launch options ("access_bytes", "unroll", "blocks_per_sm", ... on
  // a GPU); a backend rejects keys it does not know, the CPU backend takes none.
  Params options;
};

// The highest rates the device can physically sustain for one case, from its hardware
// facts (units x per-clock rate x the highest clock; bus width x memory clock x transfers
// per clock). The harness fails a benchmark whose measured rate exceeds them: a number
// above physics is a broken kernel, timer or declaration, never a result.
struct PhysicalLimits {
  // Arithmetic in the case's unit per second (flop/s, or op/s for integers); absent
  // where the backend does not know the device's per-clock rate.
  std::optional<double> operations_per_second;
  // Bytes per second of what carries the declared bytes: the DRAM bus for DRAM-sized
  // arrays, the widest cache port for a working-set read, the host link for a copy;
  // absent where nothing known bounds it (an array a cache may hold, an unreported bus).
  std::optional<double> bytes_per_second;
  std::string basis;  // how the figures were derived, for the failure message
  // Latency kernels: dependent loads per second one thread can complete at most (one per
  // core clock at the highest clock), which bounds the time per load from below.
  std::optional<double> loads_per_second;
};

// A case with its buffers allocated and initialised, ready to be timed.
class PreparedCase {
 public:
  virtual ~PreparedCase() = default;
  // What one call really processes, after rounding to the backend's layout: elements
  // per array (memory, transfer, intensity; of the working set for cache_read), dependent
  // loads (latency) or multiply-adds (compute, matrix); bytes and flops follow through
  // work_per_call(). Ignored for gemm, whose shape decides.
  virtual std::uint64_t work_count() const = 0;
  // How many times one call goes over its arrays (cache_read repeats over its working
  // set inside the kernel); the declared work per call is this times work_count()'s.
  virtual std::uint64_t passes() const { return 1; }
  // Runs the kernel `calls` times back to back and returns the elapsed seconds on
  // the backend's clock (steady wall clock on the CPU, device events on a GPU).
  virtual double run(int calls) = 0;
  // Checks the output left by the last call against the host model.
  virtual Verification verify() = 0;
  // How the backend ran it (threads, block shape, ...), recorded with the result.
  virtual Params configuration() const = 0;
  // The device's peak rate for this case per MHz of core clock, in the case's rate unit,
  // when the backend knows it (GPU peak tables), so a report can give % of peak at the
  // clock the device really ran at.
  virtual std::optional<double> peak_per_mhz() const { return std::nullopt; }
  // Asked after the timed samples (a CPU case's limit uses the clock it measured).
  virtual PhysicalLimits physical_limits() const { return {}; }
  // What the device's monitor saw while the timed calls ran (clocks, power, throttling),
  // warm-up excluded; absent where nothing was sampled.
  virtual std::optional<RunConditions> conditions() const { return std::nullopt; }
  // Test hook: after a run, makes one stored output value wrong, as a broken kernel
  // would, so a test can see verify() fail on this backend. Never used when measuring.
  virtual void plant_wrong_value() = 0;
};

// prepare() throws SkipCase when a case cannot run here (e.g. out of memory): the
// benchmark is recorded as skipped with the reason. Any other std::exception from
// prepare/run/verify fails that benchmark and the run goes on. DeviceLost means the
// device cannot be used any more: the remaining benchmarks on it are skipped.
struct SkipCase : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A case that needs a vendor library the host lacks (cuBLASLt, say): recorded as skipped
// with the reason like any SkipCase, but the run does not fail for it: the host, not the
// measurement, is missing something, and `ridgeline devices` says so.
struct LibraryMissing : SkipCase {
  using SkipCase::SkipCase;
};
struct DeviceLost : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What a backend declares that one of its compiled kernels executes, for the machine-code
// audit (scripts/audit_machine_code.py), which checks it against the disassembly: the
// function a kernel instantiation compiles to, on which architectures it is planned,
// and the work one iteration of its timed loop must do.
struct MachineCodeClaim {
  std::string kernel;  // catalogue name: "peak_fma", "mma", "triad", ...
  DType dtype = DType::fp64;
  std::string symbol;  // ECMAScript regex matching the demangled function name
  // Where the claim holds: GPU targets ("sm_90a", "gfx942") or "x86_64" for the CPU.
  std::vector<std::string> architectures;
  // Multiply-adds one iteration of the timed loop (the innermost loop around the work,
  // as compiled) executes per thread: a GPU thread (CUDA thread, AMD lane), or one CPU
  // thread with all its SIMD lanes; 0 for memory kernels. Each instruction counts its
  // lanes (FFMA 1, HFMA2 2, DP4A 4 int8 products, v_pk_fma_f32 2, vfmadd on zmm fp32 16);
  // a matrix instruction counts m x n x k divided by the threads that issue it together
  // (mma.sync: a warp, 32; MFMA: a wavefront, 64; wgmma: a warpgroup, 128); an integer
  // multiply-add done as a multiply and an add (no fused instruction) counts once.
  double multiply_adds_per_iteration = 0;
  // Work-carrying instructions / all instructions of that loop must reach this (the
  // multiply and the add of an unfused integer step both carry work); 0: not checked
  // (matrix and memory kernels, where the loop is not issue-bound).
  double min_issue_efficiency = 0;
  // Memory kernels: every global load and store of the main loop moves this many bytes.
  int access_bytes = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;  // "cpu", "cuda", "hip"
  // False for the stand-in of a plugin that could not be loaded (backends/plugin_loader.hpp):
  // it has no devices and unavailable_reason() says why.
  virtual bool loaded() const { return true; }
  // Devices this backend can run on now; empty when none (see unavailable_reason()).
  virtual std::vector<DeviceInfo> devices() = 0;
  virtual std::string unavailable_reason() const { return {}; }
  // What the host lacks or supplies for this backend's cases, one line each, said once by
  // `ridgeline devices` where the backend has devices: a vendor library not found (the
  // cases needing it are skipped with the same reason) or where one was loaded from.
  virtual std::vector<std::string> notes() { return {}; }
  virtual bool supports(const KernelDecl& kernel, DType t) const = 0;
  // Whether this device has the instructions (e.g. fp8 MMA needs sm_89, wgmma sm_90a);
  // the suite plans only cases this accepts, so an unsupported one is never "skipped".
  virtual bool supports_on(const DeviceInfo& device, const KernelDecl& kernel, DType t) const {
    static_cast<void>(device);
    return supports(kernel, t);
  }
  // Default bytes per array for memory and intensity kernels on this device.
  virtual std::uint64_t default_array_bytes(const DeviceInfo& device) const = 0;
  // The launch options (CaseSpec::options) worth trying for a kernel besides the default,
  // for the `--suite full` launch-shape sweep: each entry is one variant. Empty (the
  // default, and the CPU's answer) where the backend has no such options.
  virtual std::vector<Params> launch_option_sweep(const KernelDecl& kernel, DType t) const {
    static_cast<void>(kernel);
    static_cast<void>(t);
    return {};
  }
  // Multiply-adds per call that make a compute or matrix kernel call long enough to time.
  virtual std::uint64_t default_multiply_adds(const DeviceInfo& device, const KernelDecl& kernel,
                                              DType t) const = 0;
  virtual std::unique_ptr<PreparedCase> prepare(const DeviceInfo& device, const CaseSpec& spec) = 0;
  // Called from the harness's watchdog thread while a prepare/run/verify call has run past
  // the time limit. Return true when the running work was cancelled and that call will
  // now return or throw (DeviceLost if the device is unusable after it): the case is
  // recorded as timed out and the run goes on. false (the default, and the CPU's answer:
  // a running OpenMP team cannot be stopped safely) ends the run, keeping the file.
  virtual bool abort_running() { return false; }
  // Host threads this backend's kernels run on (`run --threads`), from the next call on;
  // false where the backend has no such choice (a GPU's kernels run on the device).
  virtual bool set_threads(int threads) {
    static_cast<void>(threads);
    return false;
  }
  // Every kernel instantiation this backend's machine code must be audited for.
  virtual std::vector<MachineCodeClaim> machine_code_claims() const { return {}; }
  // The device's clocks, power, temperature and throttling now, for a sustained run's
  // trace (run --duration); nullopt where the backend cannot read them. Called from a
  // sampling thread while the measuring thread runs a case.
  virtual std::optional<HardwareSample> sample_hardware(const DeviceInfo& device) {
    static_cast<void>(device);
    return std::nullopt;
  }
  // What sample_hardware reads ("nvml", "rocm_smi", "sysfs"), for the trace.
  virtual std::string hardware_source() const { return {}; }
  // The device's own collective library between `size` ranks of which this is `rank`
  // (NCCL on CUDA, RCCL on HIP); `share` hands rank 0's unique id to all of them.
  // nullptr with `why_not` (one line) where there is none: the CPU's collectives go
  // through MPI instead.
  virtual std::unique_ptr<CollectiveTransport> open_collective_transport(const DeviceInfo& device,
                                                                         int rank, int size,
                                                                         const ShareBytes& share,
                                                                         std::string& why_not) {
    static_cast<void>(device), static_cast<void>(rank), static_cast<void>(size);
    static_cast<void>(share);
    why_not = std::string(name()) + " has no collective library of its own";
    return nullptr;
  }
};

// Every backend of this build, the CPU reference always last: the GPU backends are
// plugins loaded at run time (backends/plugin_loader.hpp), stand-ins saying why where a
// plugin cannot be used.
std::vector<std::unique_ptr<Backend>> make_backends();

}  // namespace ridgeline
