// Static files of the browser front end, served from one web root directory.
//
// A request path is mapped to a file under the root only when every segment
// is an ordinary name: no "..", no ".", no empty segment, no backslash, no
// NUL, no leading dot (hidden files such as .env are never served). The
// resolved file must still lie under the root after symbolic links are
// followed. A directory serves its index.html. Paths that are not files get
// kNotFound, so the caller can fall back to the front end's index.html for
// client-side routes.
//
// Thread-safe (no mutable state after construction). Files are read on each
// request; the front end is small and the page cache keeps it in memory.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.h"

namespace disrupt::server {

struct StaticFile {
  std::string content;
  std::string content_type;
  bool immutable = false;  // fingerprinted asset (Vite's assets/ folder): may be cached for long
};

class StaticFiles {
 public:
  // `root` may be empty: then every lookup is kNotFound.
  explicit StaticFiles(std::string root);

  bool enabled() const { return !root_.empty(); }
  // The file for a URL path (already percent-decoded, starting with '/').
  // kNotFound when there is no such file or the path is refused.
  Result<StaticFile> Find(std::string_view url_path) const;

 private:
  std::filesystem::path root_;  // canonical, or empty
};

// The Content-Type for a file name ("application/octet-stream" if unknown).
std::string_view MimeType(std::string_view file_name);
// True when `url_path` is a safe relative path under a web root (see above).
bool IsSafeWebPath(std::string_view url_path);

}  // namespace disrupt::server
