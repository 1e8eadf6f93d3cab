// The NCCL/RCCL loader without a GPU: its declarations against nccl.h where the header is
// installed, the version text, and, where libnccl.so.2 is present (the CUDA toolkit's), a
// real dlopen that resolves every call the collectives use and asks the library its
// version (ncclGetVersion needs no device).
#include <gtest/gtest.h>

#include <cstdlib>

#include "backends/gpu/nccl_library.hpp"

#if __has_include(<nccl.h>)
#include <nccl.h>
static_assert(ncclSuccess == ridgeline::gpu::kNcclSuccess);
static_assert(ncclFloat32 == ridgeline::gpu::kNcclFloat32);
static_assert(ncclSum == ridgeline::gpu::kNcclSum);
static_assert(NCCL_UNIQUE_ID_BYTES == ridgeline::gpu::kNcclUniqueIdBytes);
static_assert(sizeof(ncclUniqueId) == sizeof(ridgeline::gpu::NcclUniqueId));
static_assert(sizeof(ncclComm_t) == sizeof(ridgeline::gpu::NcclComm));
#define RIDGELINE_CHECKED_AGAINST_NCCL_H 1
#endif

namespace ridgeline::gpu {
namespace {

TEST(NcclLibrary, VersionCodesAsText) {
  EXPECT_EQ(nccl_version_text(22809), "2.28.9");
  EXPECT_EQ(nccl_version_text(21803), "2.18.3");
  EXPECT_EQ(nccl_version_text(2708), "2.7.8");  // before 2.9: X*1000 + Y*100 + Z
  EXPECT_EQ(nccl_version_text(0), "unknown");
}

TEST(NcclLibrary, SearchPathStartsWithTheOverride) {
  setenv("RIDGELINE_NCCL_LIBRARY", "/opt/custom/libnccl.so.2", 1);
  const auto paths = nccl_search_path(NcclFlavour::nccl);
  unsetenv("RIDGELINE_NCCL_LIBRARY");
  ASSERT_GE(paths.size(), 2u);
  EXPECT_EQ(paths[0], "/opt/custom/libnccl.so.2");
  EXPECT_EQ(paths[1], "libnccl.so.2");
  EXPECT_EQ(nccl_search_path(NcclFlavour::rccl)[0], "librccl.so.1");
}

TEST(NcclLibrary, DeclarationsMatchTheHeader) {
#ifndef RIDGELINE_CHECKED_AGAINST_NCCL_H
  GTEST_SKIP() << "nccl.h is not installed: the static_asserts above were not compiled";
#endif
}

TEST(NcclLibrary, OpensTheInstalledLibrary) {
  std::string why_not;
  const auto library = NcclLibrary::open(NcclFlavour::nccl, why_not);
  if (!library) GTEST_SKIP() << "no NCCL library on this host: " << why_not;
  EXPECT_EQ(library->version_text().rfind("NCCL 2.", 0), 0u) << library->version_text();
  EXPECT_FALSE(library->error_text(1).empty());
}

TEST(NcclLibrary, AMissingLibraryIsOneLine) {
  std::string why_not;
  const auto library = NcclLibrary::open(NcclFlavour::rccl, why_not);
  if (library) GTEST_SKIP() << "RCCL is installed here";
  EXPECT_EQ(why_not.rfind("no RCCL library (", 0), 0u) << why_not;
  EXPECT_EQ(why_not.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace ridgeline::gpu
