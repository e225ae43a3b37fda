// Name interning and the part-similarity cache; see name_cache.h.
#include "resolve/name_cache.h"

namespace disrupt::resolve {

uint32_t NameInterner::Intern(const std::string& joined) {
  if (joined.empty()) return 0;
  auto [it, added] = ids_.emplace(joined, static_cast<uint32_t>(ids_.size() + 1));
  return it->second;
}

void NameInterner::Assign(NormalisedRecord& r) {
  r.given_id = Intern(r.given_value);
  r.family_id = Intern(r.family_value);
  if (r.given_id && r.family_id) {
    r.all_id = Intern(r.given_value + " " + r.family_value);  // tokens have no spaces
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
