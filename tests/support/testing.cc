// Test support; see testing.h.
#include "testing.h"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace disrupt::testing {

TempDir::TempDir() {
  std::random_device rd;
  auto base = std::filesystem::temp_directory_path();
  for (;;) {
    path_ = base / ("disrupt-test-" + std::to_string(rd()));
    if (std::filesystem::create_directory(path_)) break;
  }
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path SourceDir() {
  const char* s = std::getenv("DISRUPT_SOURCE_DIR");
  return s ? std::filesystem::path(s) : std::filesystem::current_path();
}

std::filesystem::path ShippedDataset(const std::string& name) { return SourceDir() / "datasets" / name; }

std::optional<std::filesystem::path> ExternalDataset(const std::string& name) {
  std::vector<std::filesystem::path> candidates;
  if (const char* d = std::getenv("DISRUPT_DATASETS")) candidates.emplace_back(std::filesystem::path(d) / name);
  candidates.push_back(SourceDir().parent_path() / "shared" / "datasets" / name);
  candidates.push_back(SourceDir() / "datasets" / name);
  for (const auto& c : candidates) {
    if (std::filesystem::exists(c)) return c;
  }
  return std::nullopt;
}

std::string DisruptBinary() {
  const char* b = std::getenv("DISRUPT_BINARY");
  return b ? b : "disrupt";
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace disrupt::testing
