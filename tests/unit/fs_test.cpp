#include "fixture.hpp"
#include "util/fs.hpp"

#include <doctest/doctest.h>

using namespace sop;

TEST_CASE("read_file reads whole files of any size, and files whose size the kernel hides") {
    test::TempDir dir;
    CHECK_FALSE(util::read_file(dir.path / "missing"));
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{4096},
                                   std::size_t{65537}, std::size_t{1} << 20}) {
        CAPTURE(size);
        std::string text(size, 'x');
        for (std::size_t i = 0; i < size; i += 7)
            text[i] = static_cast<char>('a' + i % 26);
        util::write_file_atomic(dir.path / "f", text);
        CHECK(util::read_file(dir.path / "f") == text);
    }
    // /proc files report a size of 0: the buffer grows as they are read.
    const auto status = util::read_file("/proc/self/status");
    REQUIRE(status);
    CHECK(status->find("Name:") == 0);
    CHECK(status->back() == '\n');
}

TEST_CASE("write_file_atomic writes pieces in order and leaves no temporary file") {
    test::TempDir dir;
    util::write_file_atomic(dir.path / "sub" / "f",
                            std::vector<std::string_view>{"one ", "", "two"});
    CHECK(util::read_file(dir.path / "sub" / "f") == "one two");
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path / "sub"))
        ++files;
    CHECK(files == 1);
}
