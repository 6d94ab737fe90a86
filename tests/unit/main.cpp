#define DOCTEST_CONFIG_IMPLEMENT
#include "git/handles.hpp"

#include <doctest/doctest.h>

int main(int argc, char** argv) {
    sop::git::Library libgit2;
    doctest::Context context(argc, argv);
    return context.run();
}
