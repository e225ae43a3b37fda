// The edge-list loader (LoadEdgeList, declared in csr.h).
//
// Fast path, for files without quoted fields: the file is memory-mapped and
// its data lines cut into one slice per thread at line ends. Each thread
// checks its slice is UTF-8 (a word-at-a-time ASCII test first) and scans it
// with a hand-written field splitter that never copies a field. Labels are
// first read as integers: when every label of the file is a plain
// non-negative integer ("0", "17", never "017" or "+17", so that number and
// text name the same node) and the largest is not far above the number of
// labels, a label's number indexes a direct array and nothing is hashed.
// Otherwise the slices are scanned again and labels interned in a per-thread
// open-addressing table of views into the mapped file, whose slots hold keys
// of up to 16 bytes inline (most phone numbers and identifiers), so a lookup
// costs one cache miss instead of three. Either way the slices' first
// appearances are merged in file order, which keeps node order = order of
// first appearance, and the links go to the parallel CSR build (csr.cc).
//
// Errors carry the byte offset of the line, turned into a line number only
// when reported. Files with quotes or invalid UTF-8 go through CsvReader, as
// do their errors.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <thread>

#include "core/csv.h"
#include "core/text.h"
#include "graph/algorithm.h"
#include "graph/csr.h"

namespace disrupt::graph {

namespace {

// A read-only private mapping of a whole file; unmapped on destruction.
class MappedFile {
 public:
  static Result<MappedFile> Open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::NotFound("cannot open edge list " + path);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return Status::NotFound("cannot read edge list " + path + " (not a regular file)");
    }
    MappedFile file;
    file.size_ = static_cast<size_t>(st.st_size);
    if (file.size_ > 0) {
      void* p = ::mmap(nullptr, file.size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (p == MAP_FAILED) {
        ::close(fd);
        return Status::Unavailable("cannot map edge list " + path);
      }
      file.data_ = static_cast<const char*>(p);
    }
    ::close(fd);
    return file;
  }
  MappedFile(MappedFile&& o) noexcept : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
  MappedFile& operator=(MappedFile&&) = delete;
  MappedFile(const MappedFile&) = delete;
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  std::string_view view() const { return {data_ ? data_ : "", size_}; }

 private:
  MappedFile() = default;
  const char* data_ = nullptr;
  size_t size_ = 0;
};

// Open-addressing table of string views with dense ids in order of first
// insertion. A slot holds keys of up to 16 bytes inline (compared as two
// words, no indirection); longer keys are represented by their 64-bit hash
// and confirmed against the view only when the hash and length match.
class ViewTable {
 public:
  // The id of `key`, adding it when new.
  uint32_t Intern(std::string_view key) {
    if ((keys_.size() + 1) * 2 > slots_.size()) Grow();
    Slot probe = MakeSlot(key);
    const size_t mask = slots_.size() - 1;
    for (size_t i = Position(probe) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.id == kNoNode) {
        probe.id = static_cast<uint32_t>(keys_.size());
        s = probe;
        keys_.push_back(key);
        return probe.id;
      }
      if (s.a == probe.a && s.b == probe.b && s.len == probe.len && (probe.len <= 16 || keys_[s.id] == key)) {
        return s.id;
      }
    }
  }
  const std::vector<std::string_view>& keys() const { return keys_; }

 private:
  struct Slot {
    uint64_t a = 0, b = 0;
    uint32_t len = 0;
    uint32_t id = kNoNode;
  };
  static Slot MakeSlot(std::string_view key) {
    Slot s;
    s.len = static_cast<uint32_t>(key.size());
    if (key.size() <= 16) {
      char bytes[16] = {};
      std::memcpy(bytes, key.data(), key.size());
      std::memcpy(&s.a, bytes, 8);
      std::memcpy(&s.b, bytes + 8, 8);
    } else {
      s.a = HashLabel(key);
    }
    return s;
  }
  static uint64_t Position(const Slot& s) { return MixHash(s.a ^ MixHash(s.b ^ (uint64_t{s.len} << 56))); }
  void Grow() {
    std::vector<Slot> fresh(std::max<size_t>(size_t{1} << 12, slots_.size() * 2));
    const size_t mask = fresh.size() - 1;
    for (const Slot& s : slots_) {
      if (s.id == kNoNode) continue;
      size_t i = Position(s) & mask;
      while (fresh[i].id != kNoNode) i = (i + 1) & mask;
      fresh[i] = s;
    }
    slots_.swap(fresh);
  }
  std::vector<Slot> slots_;
  std::vector<std::string_view> keys_;
};

// Where the fields of interest sit in a line.
struct Layout {
  char delimiter;
  int source, target, weight;  // column indices; weight -1 when absent
  int columns;                 // columns in the header
};

struct SliceError {
  size_t offset = SIZE_MAX;  // byte offset of the line in the file
  std::string message;
  std::string field;
};

// What one thread read from its slice. src/dst hold label numbers (integer
// pass) or slice-local ids (text pass), then global node indices.
struct Slice {
  size_t begin = 0, end = 0;  // byte range in the file
  std::vector<uint32_t> src, dst;
  std::vector<double> weight;  // parallel to src when the file has weights
  bool integer = true;         // integer pass: every label so far was a number
  uint32_t max_value = 0;
  std::vector<uint32_t> first_seen;  // integer pass: numbers in order of first appearance
  ViewTable labels;                  // text pass
  SliceError error;
};

inline std::string_view TrimView(const char* b, const char* e) {
  while (b < e && (*b == ' ' || *b == '\t' || *b == '\r')) ++b;
  while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) --e;
  return {b, static_cast<size_t>(e - b)};
}

// A label that is a plain non-negative integer below kNoNode, in canonical
// form (no sign, no leading zero), so that its number identifies it.
inline bool LabelNumber(std::string_view s, uint32_t& value) {
  if (s.empty() || s.size() > 10 || (s[0] == '0' && s.size() > 1)) return false;
  uint64_t x = 0;
  for (char c : s) {
    unsigned d = static_cast<unsigned char>(c) - unsigned{'0'};
    if (d > 9) return false;
    x = x * 10 + d;
  }
  if (x >= kNoNode) return false;
  value = static_cast<uint32_t>(x);
  return true;
}

inline bool IsAscii(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size(), i = 0;
  uint64_t acc = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    acc |= w;
  }
  for (; i < n; ++i) acc |= static_cast<unsigned char>(p[i]);
  return (acc & 0x8080808080808080ULL) == 0;
}

// Scans the lines of `out`'s byte range. kInteger: labels must be numbers
// (out.integer turns false and the scan stops at the first that is not).
// Stops at the first error, recorded in out.error.
template <bool kInteger>
void ScanSlice(std::string_view file, const Layout& layout, Slice& out) {
  const char* base = file.data();
  const char* p = base + out.begin;
  const char* const stop = base + out.end;
  const char delim = layout.delimiter;
  const int need = std::max({layout.source, layout.target, layout.weight}) + 1;
  std::vector<std::string_view> fields(static_cast<size_t>(need));
  // The common shape "number,number\n" (no weight column) is read in one
  // pass over its bytes; any other line takes the general splitter below.
  const bool plain_pairs = kInteger && layout.source == 0 && layout.target == 1 && need == 2;
  auto read_number = [stop](const char*& q, uint32_t& value) {
    const char* first = q;
    uint64_t x = 0;
    while (q < stop && static_cast<unsigned>(*q - '0') < 10 && q - first < 11) x = x * 10 + static_cast<unsigned>(*q++ - '0');
    const ptrdiff_t len = q - first;
    value = static_cast<uint32_t>(x);
    return len > 0 && len <= 10 && !(len > 1 && *first == '0') && x < kNoNode;
  };
  while (p < stop) {
    const char* line = p;
    if (plain_pairs) {
      const char* q = p;
      uint32_t a, b;
      if (read_number(q, a) && q < stop && *q == delim && read_number(++q, b) && (q == stop || *q == '\n')) {
        out.max_value = std::max({out.max_value, a, b});
        out.src.push_back(a);
        out.dst.push_back(b);
        p = q == stop ? q : q + 1;
        continue;
      }
    }
    int k = 0;
    for (;;) {
      const char* f = p;
      while (p < stop && *p != delim && *p != '\n') ++p;
      fields[static_cast<size_t>(k++)] = TrimView(f, p);
      if (p == stop || *p == '\n') break;
      ++p;  // the delimiter
      if (k == need) {
        const void* nl = std::memchr(p, '\n', static_cast<size_t>(stop - p));
        p = nl ? static_cast<const char*>(nl) : stop;
        break;
      }
    }
    if (p < stop) ++p;  // the line end
    if (k == 1 && fields[0].empty()) continue;  // blank line
    auto fail = [&](std::string message, std::string field) {
      out.error = {static_cast<size_t>(line - base), std::move(message), std::move(field)};
    };
    if (k <= std::max(layout.source, layout.target)) {
      return fail("row has " + std::to_string(k) + " columns, header has " + std::to_string(layout.columns), "");
    }
    std::string_view s = fields[static_cast<size_t>(layout.source)], t = fields[static_cast<size_t>(layout.target)];
    if (s.empty()) return fail("empty source", "source");
    if (t.empty()) return fail("empty target", "target");
    double w = 1.0;
    if (layout.weight >= 0 && layout.weight < k && !fields[static_cast<size_t>(layout.weight)].empty()) {
      std::string_view f = fields[static_cast<size_t>(layout.weight)];
      auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), w);
      if (ec != std::errc() || ptr != f.data() + f.size() || !(w == w)) {
        return fail("weight is not a number: '" + std::string(f) + "'", "weight");
      }
    }
    if constexpr (kInteger) {
      uint32_t a, b;
      if (!LabelNumber(s, a) || !LabelNumber(t, b)) {
        out.integer = false;
        return;
      }
      out.max_value = std::max({out.max_value, a, b});
      out.src.push_back(a);
      out.dst.push_back(b);
    } else {
      out.src.push_back(out.labels.Intern(s));
      out.dst.push_back(out.labels.Intern(t));
    }
    if (layout.weight >= 0) out.weight.push_back(w);
  }
}

// The generic path: any CSV (quoted fields included) through CsvReader.
Result<Graph> LoadEdgeListGeneric(const std::string& path, bool directed, char delimiter) {
  DISRUPT_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path, delimiter));
  std::vector<std::string> row;
  if (!reader->Next(row)) return Status::InvalidArgument("empty edge list: want a header source,target[,weight]", path + ":1");
  CsvHeader header(row);
  int cs = header.Find("source"), ct = header.Find("target"), cw = header.Find("weight");
  if (cs < 0 || ct < 0) {
    return Status::InvalidArgument("edge list header must name columns source and target", path + ":1");
  }
  GraphBuilder builder(BuildOptions{directed, true, cw >= 0});
  while (reader->Next(row)) {
    std::string where = path + ":" + std::to_string(reader->line());
    if (!reader->error().ok()) return reader->error();
    if (static_cast<int>(row.size()) <= std::max(cs, ct)) {
      return Status::InvalidArgument("row has " + std::to_string(row.size()) + " columns, header has " +
                                         std::to_string(header.names().size()),
                                     where);
    }
    std::string_view s = Trim(row[cs]), t = Trim(row[ct]);
    if (s.empty()) return Status::InvalidArgument("empty source", where + ":source");
    if (t.empty()) return Status::InvalidArgument("empty target", where + ":target");
    double w = 1.0;
    if (cw >= 0 && cw < static_cast<int>(row.size()) && !Trim(row[cw]).empty()) {
      if (!ParseDouble(row[cw], w) || !(w == w)) {
        return Status::InvalidArgument("weight is not a number: '" + row[cw] + "'", where + ":weight");
      }
    }
    builder.AddLink(s, t, w);
  }
  return builder.Build();
}

// Integer pass, after every slice scanned cleanly: numbers to node indices
// in order of first appearance, and the labels. False when the numbers are
// too sparse for a direct array (the caller falls back to the text pass).
bool NumberNodes(std::vector<Slice>& slices, unsigned threads, std::vector<std::string>& labels,
                 std::vector<NodeIndex>& by_number) {
  uint64_t lines = 0;
  uint32_t max_value = 0;
  for (const Slice& s : slices) {
    lines += s.src.size();
    max_value = std::max(max_value, s.max_value);
  }
  // The direct array costs 4 bytes per number up to the largest; allow it
  // while that stays within a small multiple of the links' own storage.
  if (uint64_t{max_value} + 1 > 2 * lines + (uint64_t{1} << 20)) return false;
  const size_t range = size_t{max_value} + 1;
  RunOnThreads(threads, [&](unsigned t) {
    for (size_t k = t; k < slices.size(); k += threads) {
      Slice& s = slices[k];
      std::vector<uint64_t> seen((range + 63) / 64, 0);
      auto note = [&](uint32_t v) {
        uint64_t bit = uint64_t{1} << (v & 63);
        if (!(seen[v >> 6] & bit)) {
          seen[v >> 6] |= bit;
          s.first_seen.push_back(v);
        }
      };
      for (size_t i = 0; i < s.src.size(); ++i) {
        note(s.src[i]);
        note(s.dst[i]);
      }
    }
  });
  std::vector<NodeIndex> node(range, kNoNode);
  std::vector<uint32_t> order;
  for (Slice& s : slices) {
    for (uint32_t v : s.first_seen) {
      if (node[v] == kNoNode) {
        node[v] = static_cast<NodeIndex>(order.size());
        order.push_back(v);
      }
    }
    s.first_seen = {};
  }
  RunOnThreads(threads, [&](unsigned t) {
    for (size_t k = t; k < slices.size(); k += threads) {
      Slice& s = slices[k];
      for (size_t i = 0; i < s.src.size(); ++i) {
        s.src[i] = node[s.src[i]];
        s.dst[i] = node[s.dst[i]];
      }
    }
  });
  labels.resize(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    char digits[16];
    auto r = std::to_chars(digits, digits + sizeof digits, order[i]);
    labels[i].assign(digits, r.ptr);
  }
  by_number = std::move(node);
  return true;
}

// Text pass: slice-local ids to node indices in order of first appearance,
// and the labels.
void NameNodes(std::vector<Slice>& slices, unsigned threads, std::vector<std::string>& labels) {
  ViewTable global;
  std::vector<std::vector<NodeIndex>> local_to_node(slices.size());
  for (size_t k = 0; k < slices.size(); ++k) {
    const auto& keys = slices[k].labels.keys();
    local_to_node[k].resize(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) local_to_node[k][i] = global.Intern(keys[i]);
    slices[k].labels = ViewTable();
  }
  RunOnThreads(threads, [&](unsigned t) {
    for (size_t k = t; k < slices.size(); k += threads) {
      Slice& s = slices[k];
      const auto& map = local_to_node[k];
      for (size_t i = 0; i < s.src.size(); ++i) {
        s.src[i] = map[s.src[i]];
        s.dst[i] = map[s.dst[i]];
      }
    }
  });
  labels.reserve(global.keys().size());
  for (std::string_view key : global.keys()) labels.emplace_back(key);
}

}  // namespace

Result<Graph> LoadEdgeList(const std::string& path, bool directed) {
  DISRUPT_ASSIGN_OR_RETURN(MappedFile file, MappedFile::Open(path));
  const std::string_view buf = file.view();
  const size_t start = buf.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  const size_t header_end = buf.find('\n', start);
  std::string_view header_line = buf.substr(start, (header_end == std::string_view::npos ? buf.size() : header_end) - start);
  char delimiter =
      header_line.find('\t') != std::string_view::npos && header_line.find(',') == std::string_view::npos ? '\t' : ',';
  if (buf.find('"') != std::string_view::npos) return LoadEdgeListGeneric(path, directed, delimiter);
  const size_t data = header_end == std::string_view::npos ? buf.size() : header_end + 1;
  const unsigned threads = buf.size() - data > (1u << 20) ? std::max(1u, std::thread::hardware_concurrency()) : 1;
  std::vector<Slice> slices(threads);
  size_t cut = data;
  for (unsigned t = 0; t < threads; ++t) {
    slices[t].begin = cut;
    size_t target = data + (buf.size() - data) * (t + 1) / threads;
    size_t nl = t + 1 == threads ? std::string_view::npos : buf.find('\n', std::max(cut, target));
    cut = nl == std::string_view::npos ? buf.size() : nl + 1;
    slices[t].end = cut;
  }
  // Invalid UTF-8 anywhere: the generic reader reports it. Slices end at
  // line ends, which never fall inside a multi-byte character.
  std::vector<uint8_t> utf8_ok(threads, 1);
  RunOnThreads(threads, [&](unsigned t) {
    std::string_view part = buf.substr(slices[t].begin, slices[t].end - slices[t].begin);
    utf8_ok[t] = IsAscii(part) || IsValidUtf8(part);
  });
  if (std::count(utf8_ok.begin(), utf8_ok.end(), 0) > 0 || !IsValidUtf8(header_line)) {
    return LoadEdgeListGeneric(path, directed, delimiter);
  }
  if (Trim(header_line).empty()) {
    return Status::InvalidArgument("empty edge list: want a header source,target[,weight]", path + ":1");
  }
  std::vector<std::string> names = Split(header_line, delimiter);
  for (auto& name : names) name = std::string(Trim(name));
  CsvHeader header(names);
  const Layout layout{delimiter, header.Find("source"), header.Find("target"), header.Find("weight"),
                      static_cast<int>(names.size())};
  if (layout.source < 0 || layout.target < 0) {
    return Status::InvalidArgument("edge list header must name columns source and target", path + ":1");
  }
  // Room for the links, estimated from the first slice's first lines.
  size_t estimate = 0;
  {
    std::string_view sample = buf.substr(data, std::min<size_t>(buf.size() - data, 1 << 16));
    size_t lines = static_cast<size_t>(std::count(sample.begin(), sample.end(), '\n'));
    if (lines > 0) estimate = (buf.size() - data) / (sample.size() / lines) / threads + 16;
  }
  auto scan = [&](auto integer) {
    RunOnThreads(threads, [&](unsigned t) {
      Slice& s = slices[t];
      s.src.reserve(estimate);
      s.dst.reserve(estimate);
      if (layout.weight >= 0) s.weight.reserve(estimate);
      ScanSlice<decltype(integer)::value>(buf, layout, s);
    });
  };
  scan(std::true_type{});
  std::vector<std::string> labels;
  std::vector<NodeIndex> by_number;
  bool numbered = std::all_of(slices.begin(), slices.end(), [](const Slice& s) { return s.integer; });
  bool clean = std::all_of(slices.begin(), slices.end(), [](const Slice& s) { return s.error.offset == SIZE_MAX; });
  if (numbered && clean) numbered = NumberNodes(slices, threads, labels, by_number);
  if (!numbered) {
    for (Slice& s : slices) {
      s.src.clear();
      s.dst.clear();
      s.weight.clear();
      s.error = SliceError();
    }
    scan(std::false_type{});
  }
  for (const Slice& s : slices) {
    if (s.error.offset == SIZE_MAX) continue;
    uint64_t line = 1 + static_cast<uint64_t>(std::count(buf.begin(), buf.begin() + static_cast<long>(s.error.offset), '\n'));
    std::string where = path + ":" + std::to_string(line) + (s.error.field.empty() ? "" : ":" + s.error.field);
    return Status::InvalidArgument(s.error.message, where);
  }
  if (!numbered) NameNodes(slices, threads, labels);

  GraphBuilder builder(BuildOptions{directed, true, layout.weight >= 0});
  if (numbered) {
    builder.index_.AssignNumbers(std::move(by_number));
  } else {
    builder.index_.Assign(labels, threads);
  }
  builder.labels_ = std::move(labels);
  if (slices.size() == 1) {
    builder.tails_ = std::move(slices[0].src);
    builder.heads_ = std::move(slices[0].dst);
    builder.weights_ = std::move(slices[0].weight);
  } else {
    size_t total = 0;
    for (const Slice& s : slices) total += s.src.size();
    builder.Reserve(total);
    for (Slice& s : slices) {
      builder.tails_.insert(builder.tails_.end(), s.src.begin(), s.src.end());
      builder.heads_.insert(builder.heads_.end(), s.dst.begin(), s.dst.end());
      builder.weights_.insert(builder.weights_.end(), s.weight.begin(), s.weight.end());
      s = Slice();
    }
  }
  return builder.Build();
}

}  // namespace disrupt::graph
