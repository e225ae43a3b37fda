// disrupt encode: at a member's own site, turns its person records into
// keyed encodings for deconfliction (deconflict/encoding.h): HMACs of
// phone and document numbers and Bloom-filter encodings of names and dates
// of birth. The output holds no readable data; only holders of the group
// secret can produce comparable encodings. --new-secret writes a fresh
// secret for the Working Group to distribute.
#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/args.h"
#include "cli/commands.h"
#include "deconflict/encoding.h"
#include "resolve/csv_input.h"

namespace disrupt::cli {

namespace {

constexpr const char* kCommand = "encode";

Args MakeArgs() {
  Args args(kCommand,
            "Encode this member's person records for hit/no-hit deconfliction. The output file holds keyed\n"
            "encodings only (no names, dates or numbers) and may be sent to the portal for matching.");
  args.Option("records", "Person CSV: record_id and any of member, given_name, family_name, full_name, dob, "
                         "gender, nationality, passport_no, phone, address")
      .Option("secret", "File holding the group's shared secret (64 hex digits)")
      .Option("member", "This member's code (e.g. AUS), written in the file")
      .Option("out", "Write the encodings here instead of standard output")
      .Option("new-secret", "Write a fresh random group secret to this file (readable by the owner only) and exit")
      .Epilog(
          "examples:\n"
          "  disrupt encode --new-secret group.secret\n"
          "  disrupt encode --records persons.csv --secret group.secret --member AUS --out aus.enc\n\n"
          "Record ids are written as they are, so that a hit can be followed up: use references that\n"
          "mean nothing outside your service. See docs/resolution.md for what the encodings reveal.");
  return args;
}

Result<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open the secret file " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int EncodeCommand(const Argv& argv) {
  Args args = MakeArgs();
  if (Status s = args.Parse(argv); !s.ok()) return Fail(kCommand, s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  if (args.Has("new-secret")) {
    std::string hex = deconflict::GroupSecret::GenerateHex();
    if (hex.empty()) return Fail(kCommand, Status::Internal("no random bytes available"));
    const std::string path = args.Get("new-secret");
    std::ofstream out(path, std::ios::trunc);
    out << hex << "\n";
    out.close();
    if (!out || ::chmod(path.c_str(), 0600) != 0) {
      return Fail(kCommand, Status::Unavailable("cannot write " + path));
    }
    std::cerr << "disrupt encode: wrote a new group secret to " << path << "\n";
    return 0;
  }
  for (const char* required : {"records", "secret", "member"}) {
    if (!args.Has(required)) {
      return Fail(kCommand, Status::InvalidArgument(std::string("--") + required + " is required",
                                                    std::string("--") + required));
    }
  }
  auto contents = ReadSecretFile(args.Get("secret"));
  if (!contents.ok()) return Fail(kCommand, contents.status());
  auto secret = deconflict::GroupSecret::FromFileContents(*contents);
  if (!secret.ok()) return Fail(kCommand, Status::InvalidArgument(secret.status().message(), "--secret"));
  auto records = resolve::ReadPersonCsv(args.Get("records"));
  if (!records.ok()) return Fail(kCommand, records.status());

  deconflict::Encoder encoder(*secret);
  deconflict::EncodingFile file{args.Get("member"), secret->KeyId(), {}};
  file.records.reserve(records->size());
  for (const auto& r : *records) file.records.push_back(encoder.Encode(r));
  if (args.Has("out")) {
    std::ofstream out(args.Get("out"), std::ios::trunc);
    deconflict::WriteEncodingFile(out, file);
    out.flush();
    if (!out) return Fail(kCommand, Status::Unavailable("cannot write " + args.Get("out")));
  } else {
    deconflict::WriteEncodingFile(std::cout, file);
  }
  std::cerr << "disrupt encode: " << file.records.size() << " records encoded for " << file.member << "\n";
  return 0;
}

}  // namespace disrupt::cli
