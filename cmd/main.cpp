#include "app.hpp"

int main(int argc, char** argv) {
    return sop::cmd::run(argc, argv);
}
