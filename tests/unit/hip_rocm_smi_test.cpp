// ROCm SMI without an AMD GPU: the library-absent path, the PCI id and sysfs mapping,
// both layouts of rsmi_frequencies_t, and the partition / Peak TOPS Limiter files.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "backends/hip/rocm_smi_monitor.hpp"

namespace ridgeline::hip {
namespace {

TEST(RocmSmi, AbsentLibraryMeansNoMonitorAndOneLineWhy) {
  static constexpr const char* kMissing[] = {"libridgeline-no-such-rocm-smi.so"};
  std::string why;
  EXPECT_EQ(open_rocm_smi_monitor("00000000:c1:00.0", kMissing, why), nullptr);
  EXPECT_NE(why.find("ROCm SMI not loaded"), std::string::npos) << why;
  EXPECT_EQ(why.find('\n'), std::string::npos);
}

TEST(RocmSmi, TriesEveryKnownLibraryName) {
  const auto names = rocm_smi_library_names();
  ASSERT_GE(names.size(), 4U);
  EXPECT_STREQ(names.front(), "librocm_smi64.so.7");  // ROCm 6.x first
  bool debian = false;
  for (const char* name : names) debian = debian || std::strcmp(name, "librocm_smi64.so.1") == 0;
  EXPECT_TRUE(debian);
}

TEST(RocmSmi, BdfidFromTheRuntimesPciBusId) {
  EXPECT_EQ(bdfid_from_pci_bus_id("0000002a:c1:1f.7"),
            (std::uint64_t{0x2a} << 32) | (0xc1 << 8) | (0x1f << 3) | 7);
  EXPECT_EQ(bdfid_from_pci_bus_id("00000000:03:00.0"), std::uint64_t{0x300});
  for (const char* bad : {"", "c1:00.0", "0000:c1:00", "0000:zz:00.0", "0000:c1:20.0",
                          "0000:c1:00.8", "0000:100:00.0"})
    EXPECT_FALSE(bdfid_from_pci_bus_id(bad).has_value()) << bad;
}

TEST(RocmSmi, PartitionBitsDoNotHideTheDevice) {
  const std::uint64_t runtime = *bdfid_from_pci_bus_id("00000000:c1:00.0");
  EXPECT_TRUE(same_pci_function(runtime | (std::uint64_t{3} << 28), runtime));  // CPX #3
  EXPECT_FALSE(same_pci_function(*bdfid_from_pci_bus_id("00000000:c2:00.0"), runtime));
}

TEST(RocmSmi, SysfsDirectoryOfTheDevice) {
  EXPECT_EQ(sysfs_device_dir("00000000:c1:00.0"), "/sys/bus/pci/devices/0000:c1:00.0");
  EXPECT_EQ(sysfs_device_dir("not a bus id"), "");
}

// An rsmi_frequencies_t with frequencies 500, 1500, 2100 MHz, the current one last.
std::vector<std::byte> frequencies(bool deep_sleep_layout) {
  std::vector<std::byte> raw(16 + 8 * 33);
  const std::size_t header = deep_sleep_layout ? 4 : 0;
  const std::size_t table = deep_sleep_layout ? 16 : 8;
  const std::uint32_t supported = 3;
  const std::uint32_t current = 2;
  const std::array<std::uint64_t, 3> hz{500'000'000, 1'500'000'000, 2'100'000'000};
  if (deep_sleep_layout) raw[0] = std::byte{1};
  std::memcpy(raw.data() + header, &supported, 4);
  std::memcpy(raw.data() + header + 4, &current, 4);
  std::memcpy(raw.data() + table, hz.data(), sizeof hz);
  return raw;
}

TEST(RocmSmi, ClockFromEitherFrequencyLayout) {
  for (bool layout : {false, true})
    for (bool hint : {false, true}) {
      const auto mhz = current_clock_mhz(frequencies(layout), hint);
      ASSERT_TRUE(mhz.has_value()) << layout << hint;
      EXPECT_DOUBLE_EQ(*mhz, 2100) << layout << hint;
    }
  const std::vector<std::byte> zeros(16 + 8 * 33);
  EXPECT_FALSE(current_clock_mhz(zeros, true).has_value());
  EXPECT_FALSE(current_clock_mhz(std::vector<std::byte>(8), false).has_value());
}

class SysfsFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ridgeline-sysfs-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    std::filesystem::create_directories(dir_ / "ptl");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  std::filesystem::path dir_;
};

TEST_F(SysfsFiles, PartitionModes) {
  EXPECT_TRUE(read_partition_files(dir_.string()).empty());
  write("current_compute_partition", "CPX\n");
  write("current_memory_partition", "NPS4\n");
  const auto state = read_partition_files(dir_.string());
  EXPECT_EQ(state.at("compute_partition"), "CPX");
  EXPECT_EQ(state.at("memory_partition"), "NPS4");
}

TEST_F(SysfsFiles, PeakTopsLimiter) {
  EXPECT_TRUE(read_peak_tops_limiter(dir_.string()).empty());  // not an MI308X-class part
  write("ptl/ptl_enable", "enabled\n");
  write("ptl/ptl_format", "I8,F32\n");
  const auto state = read_peak_tops_limiter(dir_.string());
  EXPECT_EQ(state.at("peak_tops_limiter"), "enabled");
  EXPECT_EQ(state.at("peak_tops_limiter_formats"), "I8,F32");
  EXPECT_TRUE(read_peak_tops_limiter("").empty());
}

}  // namespace
}  // namespace ridgeline::hip
