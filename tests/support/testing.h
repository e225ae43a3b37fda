// Test support shared by the subsystems' tests: temporary directories that
// clean up after themselves, and where to find data sets.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace disrupt::testing {

// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The repository's root (from DISRUPT_SOURCE_DIR, set by ctest).
std::filesystem::path SourceDir();
// A data set shipped in the repository's datasets/ folder.
std::filesystem::path ShippedDataset(const std::string& name);
// A data set that is not redistributable: looked for in $DISRUPT_DATASETS,
// ../shared/datasets beside the repository, and datasets/. nullopt when absent
// (tests then GTEST_SKIP with the reason).
std::optional<std::filesystem::path> ExternalDataset(const std::string& name);
// Path of the built `disrupt` binary (from DISRUPT_BINARY).
std::string DisruptBinary();
// Writes `content` to `path`.
void WriteFile(const std::string& path, const std::string& content);
std::string ReadFile(const std::string& path);

}  // namespace disrupt::testing
