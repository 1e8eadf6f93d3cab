// Host <-> device copies: what the link between the host and a GPU carries (PCIe, or
// NVLink-C2C on Grace-based parts). Counted as NVIDIA's nvbandwidth counts them: each
// byte once, in the direction it crosses the link; a copy's read on one side and its
// write on the other are one byte of traffic, not two. A bidirectional copy moves one
// buffer each way at the same time, so it declares the bytes of both directions.
//
// Array roles: `a` is the buffer on the source side of a one-way copy (host for h2d,
// device for d2h) and `c` its destination; bidir reads `a` (host) and `b` (device) and
// writes both the other way. Only the sources count (catalogue.cpp work_per_call).
//
// Verification: the destination is overwritten with a pattern no copy produces before
// every timed sample, and after the run every destination element must equal the
// source's (kernels::init_a, which repeats every 7 elements).
#pragma once

#include "declaration.hpp"

namespace ridgeline::kernels {

// Bytes are bytes: the copies are declared for fp32 only, so their names and sizes read
// like the memory kernels'; the SM copy kernel moves 16-byte vectors.
inline constexpr DTypeMask kTransferDTypes = mask_of(DType::fp32);

struct HostToDevice {
  static constexpr KernelDecl decl{
      "h2d", Family::transfer,     kTransferDTypes, {Role::read, Role::none, Role::write},
      0,     "device[i] = host[i]"};
};

struct DeviceToHost {
  static constexpr KernelDecl decl{
      "d2h", Family::transfer,     kTransferDTypes, {Role::read, Role::none, Role::write},
      0,     "host[i] = device[i]"};
};

struct Bidirectional {
  static constexpr KernelDecl decl{"bidir",
                                   Family::transfer,
                                   kTransferDTypes,
                                   {Role::read, Role::read, Role::write},
                                   0,
                                   "device[i] = host[i] and host'[i] = device'[i] at once"};
};

using TransferKernels = KernelList<HostToDevice, DeviceToHost, Bidirectional>;

}  // namespace ridgeline::kernels
