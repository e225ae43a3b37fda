// Name interning and the part-similarity cache; see name_cache.h.
#include "resolve/name_cache.h"

#include <algorithm>
#include <functional>

namespace disrupt::resolve {

uint64_t NameInterner::Hash(std::string_view s) {
  return std::hash<std::string_view>{}(s) * 0x9E3779B97F4A7C15ull;  // spread over all 64 bits
}

void NameInterner::Grow() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(std::max<size_t>(1024, old.size() * 2), 0);
  const size_t mask = slots_.size() - 1;
  for (uint64_t slot : old) {
    if (!slot) continue;
    size_t i = static_cast<size_t>(Hash(names_[static_cast<uint32_t>(slot) - 1])) & mask;
    while (slots_[i]) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

uint32_t NameInterner::Intern(std::string_view joined) {
  if (joined.empty()) return 0;
  if ((names_.size() + 1) * 2 > slots_.size()) Grow();
  const uint64_t h = Hash(joined);
  const uint64_t tag = h & 0xFFFFFFFF00000000ull;
  const size_t mask = slots_.size() - 1;
  size_t i = static_cast<size_t>(h) & mask;
  for (; slots_[i]; i = (i + 1) & mask) {
    const uint32_t id = static_cast<uint32_t>(slots_[i]);
    if ((slots_[i] & 0xFFFFFFFF00000000ull) == tag && names_[id - 1] == joined) return id;
  }
  names_.emplace_back(joined);
  const uint32_t id = static_cast<uint32_t>(names_.size());
  slots_[i] = tag | id;
  return id;
}

void NameInterner::Assign(NormalisedRecord& r) {
  r.given_id = Intern(r.given_value);
  r.family_id = Intern(r.family_value);
  if (r.given_id && r.family_id) {
    joined_.assign(r.given_value).append(" ").append(r.family_value);  // tokens have no spaces
    r.all_id = Intern(joined_);
  } else {
    r.all_id = r.given_id ? r.given_id : r.family_id;
  }
}

PartSimilarityCache::PartSimilarityCache(int log2_slots)
    : shift_(64 - log2_slots), keys_(size_t{1} << log2_slots, ~uint64_t{0}), values_(size_t{1} << log2_slots) {}

bool PartSimilarityCache::Find(uint32_t a_id, uint32_t b_id, double& similarity) {
  const uint64_t key = Key(a_id, b_id);
  const size_t slot = Slot(key);
  if (keys_[slot] != key) {
    ++misses_;
    return false;
  }
  ++hits_;
  similarity = values_[slot];
  return true;
}

void PartSimilarityCache::Put(uint32_t a_id, uint32_t b_id, double similarity) {
  const uint64_t key = Key(a_id, b_id);
  const size_t slot = Slot(key);
  keys_[slot] = key;
  values_[slot] = similarity;
}

}  // namespace disrupt::resolve
