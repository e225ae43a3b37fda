// Token-bucket rate limiting; see rate_limiter.h.
#include "server/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace disrupt::server {

RateLimiter::RateLimiter(double rate_per_second, double burst, size_t max_keys)
    : rate_(rate_per_second > 0 ? rate_per_second : 1), burst_(burst >= 1 ? burst : 1), max_keys_(max_keys) {}

bool RateLimiter::Allow(std::string_view key, double now_seconds, int* retry_after_seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) Prune(now_seconds);
    it = buckets_.emplace(std::string(key), Bucket{burst_, now_seconds}).first;
  }
  Bucket& b = it->second;
  if (now_seconds > b.updated) {
    b.tokens = std::min(burst_, b.tokens + (now_seconds - b.updated) * rate_);
    b.updated = now_seconds;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  if (retry_after_seconds != nullptr) {
    *retry_after_seconds = std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate_)));
  }
  return false;
}

size_t RateLimiter::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

void RateLimiter::Prune(double now_seconds) {
  // A bucket that has refilled completely carries no state worth keeping.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    double tokens = it->second.tokens + (now_seconds - it->second.updated) * rate_;
    if (tokens >= burst_) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
  // Still full: everyone is active; drop the table rather than grow without bound.
  if (buckets_.size() >= max_keys_) buckets_.clear();
}

}  // namespace disrupt::server
