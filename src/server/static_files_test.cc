// Tests of static file serving: MIME types and refusal of traversal.
#include "server/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "testing.h"

namespace disrupt::server {
namespace {

namespace fs = std::filesystem;

TEST(StaticFilesTest, ServesFilesWithTheirTypes) {
  testing::TempDir dir;
  fs::create_directories(dir.path() / "web" / "assets");
  testing::WriteFile(dir.File("web/index.html"), "<!doctype html>");
  testing::WriteFile(dir.File("web/assets/app-1a2b.js"), "console.log(1)");
  StaticFiles files(dir.File("web"));
  auto index = files.Find("/");
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->content, "<!doctype html>");
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  auto js = files.Find("/assets/app-1a2b.js");
  ASSERT_TRUE(js.ok());
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_TRUE(js->immutable);
  EXPECT_FALSE(index->immutable);
}

TEST(StaticFilesTest, RefusesTraversalHiddenFilesAndLinksOutOfTheRoot) {
  testing::TempDir dir;
  fs::create_directories(dir.path() / "web");
  testing::WriteFile(dir.File("secret.txt"), "secret");
  testing::WriteFile(dir.File("web/.env"), "KEY=1");
  fs::create_symlink(dir.path() / "secret.txt", dir.path() / "web" / "link.txt");
  StaticFiles files(dir.File("web"));
  for (const char* p : {"/../secret.txt", "/./index.html", "/.env", "//etc/passwd", "/link.txt", "/a\\..\\b",
                        "/..", "relative", "/a//b", "/C:/x"}) {
    EXPECT_FALSE(files.Find(p).ok()) << p;
  }
  EXPECT_FALSE(IsSafeWebPath(std::string("/a\0b", 4)));
  EXPECT_FALSE(IsSafeWebPath("/\xff"));
  EXPECT_TRUE(IsSafeWebPath("/assets/x.js"));
  EXPECT_TRUE(IsSafeWebPath("/entities/"));
}

TEST(StaticFilesTest, DisabledWithoutRoot) {
  StaticFiles files("");
  EXPECT_FALSE(files.enabled());
  EXPECT_EQ(files.Find("/").status().code(), StatusCode::kNotFound);
}

TEST(StaticFilesTest, MimeTypes) {
  EXPECT_EQ(MimeType("a.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(MimeType("font.woff2"), "font/woff2");
  EXPECT_EQ(MimeType("x.svg"), "image/svg+xml");
  EXPECT_EQ(MimeType("blob"), "application/octet-stream");
}

}  // namespace
}  // namespace disrupt::server
