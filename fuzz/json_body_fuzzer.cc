// Fuzzes the JSON bodies the portal accepts: the size/depth/UTF-8 checks and
// parsing of every request body (ParseJsonBody), the record form every write
// decodes (model::RecordFromJson, then model::Validate), and the server's
// configuration file (ParseConfig). Any crash, hang, leak or sanitizer report
// is a bug; error Statuses are the expected outcome for most inputs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/record.h"
#include "model/vocabulary.h"
#include "server/config.h"
#include "server/http_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const auto vocabularies = disrupt::model::Vocabularies::Defaults();
  auto body = disrupt::server::ParseJsonBody(text, 32, 1 << 20);
  if (body.ok()) {
    auto record = disrupt::model::RecordFromJson(*body);
    if (record.ok()) {
      (void)disrupt::model::Validate(*record, &vocabularies);
      (void)disrupt::model::ToJson(*record).dump();
    }
  }
  (void)disrupt::server::ParseConfig(text, "fuzz");
  return 0;
}
