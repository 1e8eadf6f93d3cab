// Opening a vendor library at run time (gpu/vendor_library.hpp): the override variable
// alone when set, the loader's path, toolkit folders, Python's site-packages; what is
// missing or broken is said in one sentence naming the places looked in.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "backends/gpu/vendor_library.hpp"

namespace ridgeline::gpu {
namespace {

namespace fs = std::filesystem;

// A real shared library to copy under other names: libstdc++, which this test links.
fs::path a_shared_library() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&std::terminate), &info) == 0 || info.dli_fname == nullptr)
    return {};
  return fs::canonical(info.dli_fname);
}

class VendorLibrary : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ridgeline-vendor-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    unsetenv(kVariable);
    search_.label = "Testlib";
    search_.soname = "libridgeline-absent-test.so.7";
    search_.override_variable = kVariable;
  }
  void TearDown() override {
    unsetenv(kVariable);
    fs::remove_all(dir_);
  }

  static constexpr const char* kVariable = "RIDGELINE_TEST_VENDOR_LIB";
  fs::path dir_;
  LibrarySearch search_;
};

TEST_F(VendorLibrary, AMissingLibraryListsWhereItLooked) {
  search_.toolkit_roots = {(dir_ / "toolkit").string()};
  const OpenedLibrary opened = open_library(search_);
  EXPECT_EQ(opened.handle, nullptr);
  EXPECT_EQ(opened.why_not.rfind("Testlib (libridgeline-absent-test.so.7) not found: looked on "
                                 "the loader's path, in " +
                                     (dir_ / "toolkit" / "lib64" / search_.soname).string(),
                                 0),
            0U)
      << opened.why_not;
  EXPECT_NE(opened.why_not.find("RIDGELINE_TEST_VENDOR_LIB names another file or folder"),
            std::string::npos)
      << opened.why_not;
}

TEST_F(VendorLibrary, TheLoadersPathComesFirst) {
  const fs::path real = a_shared_library();
  ASSERT_FALSE(real.empty());
  search_.soname = real.filename().string();  // e.g. libstdc++.so.6, already loaded
  search_.toolkit_roots = {(dir_ / "toolkit").string()};
  const OpenedLibrary opened = open_library(search_);
  ASSERT_NE(opened.handle, nullptr) << opened.why_not;
  EXPECT_EQ(opened.path, search_.soname);
}

TEST_F(VendorLibrary, AToolkitFolderIsSearched) {
  fs::create_directories(dir_ / "toolkit" / "lib64");
  fs::copy_file(a_shared_library(), dir_ / "toolkit" / "lib64" / search_.soname);
  setenv("RIDGELINE_TEST_TOOLKIT", (dir_ / "toolkit").c_str(), 1);
  search_.toolkit_variables = {"RIDGELINE_TEST_TOOLKIT"};
  const OpenedLibrary opened = open_library(search_);
  unsetenv("RIDGELINE_TEST_TOOLKIT");
  ASSERT_NE(opened.handle, nullptr) << opened.why_not;
  EXPECT_EQ(opened.path, (dir_ / "toolkit" / "lib64" / search_.soname).string());
}

TEST_F(VendorLibrary, TheOverrideAloneIsTriedAndABrokenFileIsNamed) {
  // A folder holding the soname, which is no library: the override is not replaced by
  // another copy, and dlopen's reason is in the sentence.
  fs::create_directories(dir_ / "toolkit" / "lib64");
  fs::copy_file(a_shared_library(), dir_ / "toolkit" / "lib64" / search_.soname);
  search_.toolkit_roots = {(dir_ / "toolkit").string()};
  std::ofstream(dir_ / search_.soname) << "not an ELF file\n";
  setenv(kVariable, dir_.c_str(), 1);
  const OpenedLibrary opened = open_library(search_);
  EXPECT_EQ(opened.handle, nullptr);
  EXPECT_EQ(opened.why_not.rfind("Testlib not loaded from RIDGELINE_TEST_VENDOR_LIB=" +
                                     dir_.string() + " (" + (dir_ / search_.soname).string() + ": ",
                                 0),
            0U)
      << opened.why_not;
  setenv(kVariable, (dir_ / "nothing-here.so").c_str(), 1);
  EXPECT_NE(open_library(search_).why_not.find("(no such file)"), std::string::npos);
  // A file given by name loads whatever its name.
  setenv(kVariable, (dir_ / "toolkit" / "lib64" / search_.soname).c_str(), 1);
  const OpenedLibrary file = open_library(search_);
  ASSERT_NE(file.handle, nullptr) << file.why_not;
  EXPECT_EQ(file.path, (dir_ / "toolkit" / "lib64" / search_.soname).string());
}

TEST_F(VendorLibrary, PythonSitePackagesHoldTheWheelsLibFolder) {
  // A python3 on the PATH that reports one site-packages folder holding the wheel's
  // lib folder (nvidia/cublas/lib, as pip installs nvidia-cublas).
  const fs::path site = dir_ / "site-packages";
  fs::create_directories(site / "nvidia" / "cublas" / "lib");
  fs::copy_file(a_shared_library(), site / "nvidia" / "cublas" / "lib" / search_.soname);
  fs::create_directories(dir_ / "bin");
  const fs::path python = dir_ / "bin" / "python3";
  std::ofstream(python) << "#!/bin/sh\necho ''\necho " << site.string() << "\necho relative/dir\n";
  fs::permissions(python, fs::perms::owner_all);
  const std::string old_path = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  setenv("PATH", ((dir_ / "bin").string() + ":" + old_path).c_str(), 1);
  search_.python_subfolders = {"nvidia/cu13/lib", "nvidia/cublas/lib"};
  const auto& folders = python_site_folders();
  setenv("PATH", old_path.c_str(), 1);
  ASSERT_EQ(folders, std::vector<std::string>{site.string()});
  const OpenedLibrary opened = open_library(search_);
  ASSERT_NE(opened.handle, nullptr) << opened.why_not;
  EXPECT_EQ(opened.path, (site / "nvidia" / "cublas" / "lib" / search_.soname).string());
  const auto candidates = library_candidates(search_);
  ASSERT_EQ(candidates.size(), 3U);
  EXPECT_EQ(candidates[1], (site / "nvidia" / "cu13" / "lib" / search_.soname).string());
}

}  // namespace
}  // namespace ridgeline::gpu
