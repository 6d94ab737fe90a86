#define DOCTEST_CONFIG_IMPLEMENT
#include "fixture.hpp"
#include "git/handles.hpp"

#include <doctest/doctest.h>

namespace sop::test {

bool current_test_failed = false;

// Tells fixtures whether the running test has failed, so they can keep their directory.
struct FailureListener : doctest::IReporter {
    explicit FailureListener(const doctest::ContextOptions&) {}
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats&) override {}
    void test_case_start(const doctest::TestCaseData&) override { current_test_failed = false; }
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override {
        current_test_failed = true;
    }
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData& ad) override {
        if (ad.m_failed) current_test_failed = true;
    }
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};
REGISTER_LISTENER("failure-listener", 1, FailureListener);

} // namespace sop::test

int main(int argc, char** argv) {
    sop::git::Library libgit2;
    doctest::Context context(argc, argv);
    return context.run();
}
