// Static file serving with traversal protection; see static_files.h.
#include "server/static_files.h"

#include <fstream>
#include <sstream>

#include "core/text.h"

namespace disrupt::server {

namespace fs = std::filesystem;

namespace {

struct MimeEntry {
  std::string_view extension;
  std::string_view type;
};

constexpr MimeEntry kMimeTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain; charset=utf-8"},
    {".wasm", "application/wasm"},
    {".pbf", "application/x-protobuf"},
    {".topojson", "application/json"},
    {".geojson", "application/geo+json"},
};

bool IsUnder(const fs::path& root, const fs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

}  // namespace

std::string_view MimeType(std::string_view file_name) {
  std::string lower = AsciiLower(file_name);
  for (const auto& m : kMimeTypes) {
    if (EndsWith(lower, m.extension)) return m.type;
  }
  return "application/octet-stream";
}

bool IsSafeWebPath(std::string_view url_path) {
  if (url_path.empty() || url_path[0] != '/') return false;
  if (url_path.size() > 1024) return false;
  if (!IsValidUtf8(url_path)) return false;
  std::string_view rest = url_path.substr(1);
  if (rest.empty()) return true;  // the root: index.html
  size_t start = 0;
  while (start <= rest.size()) {
    size_t end = rest.find('/', start);
    if (end == std::string_view::npos) end = rest.size();
    std::string_view seg = rest.substr(start, end - start);
    // A trailing slash (empty last segment) names a directory; any other empty segment is refused.
    if (seg.empty()) {
      if (end != rest.size()) return false;
    } else {
      if (seg[0] == '.') return false;  // ".", "..", hidden files
      for (char c : seg) {
        if (c == '\\' || c == '\0' || static_cast<unsigned char>(c) < 0x20 || c == ':') return false;
      }
    }
    if (end == rest.size()) break;
    start = end + 1;
  }
  return true;
}

StaticFiles::StaticFiles(std::string root) {
  if (root.empty()) return;
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (!ec && fs::is_directory(canonical, ec)) root_ = canonical;
}

Result<StaticFile> StaticFiles::Find(std::string_view url_path) const {
  if (root_.empty() || !IsSafeWebPath(url_path)) return Status::NotFound("no such file");
  fs::path p = root_ / fs::path(std::string(url_path.substr(1)));
  std::error_code ec;
  if (fs::is_directory(p, ec)) p /= "index.html";
  fs::path resolved = fs::canonical(p, ec);
  if (ec || !IsUnder(root_, resolved) || !fs::is_regular_file(resolved, ec)) {
    return Status::NotFound("no such file");
  }
  std::ifstream in(resolved, std::ios::binary);
  if (!in) return Status::NotFound("no such file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  StaticFile file;
  file.content = buffer.str();
  file.content_type = std::string(MimeType(resolved.filename().string()));
  fs::path rel = resolved.lexically_relative(root_);
  file.immutable = !rel.empty() && *rel.begin() == "assets";
  return file;
}

}  // namespace disrupt::server
