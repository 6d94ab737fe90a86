#include "util/editor.hpp"

#include "util/error.hpp"
#include "util/fs.hpp"

#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

namespace sop::util {

namespace {
const char* editor_command() {
    for (const char* var : {"VISUAL", "EDITOR"})
        if (const char* v = std::getenv(var); v && *v) return v;
    return "vi";
}
} // namespace

bool editor_configured() {
    for (const char* var : {"VISUAL", "EDITOR"})
        if (const char* v = std::getenv(var); v && *v) return true;
    return false;
}

std::string edit_text(const std::string& text, const std::string& name_hint) {
    const char* tmpdir = std::getenv("TMPDIR");
    std::string tmpl =
        std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/sop-" + name_hint + "-XXXXXX.yaml";
    const int fd = ::mkstemps(tmpl.data(), 5);
    if (fd < 0) throw Error("cannot create a temporary file for the editor");
    ::close(fd);
    write_file_atomic(tmpl, text);
    const std::string editor = editor_command();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::execl("/bin/sh", "sh", "-c", (editor + " \"$@\"").c_str(), editor.c_str(), tmpl.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    while (pid > 0 && ::waitpid(pid, &status, 0) < 0) {
    }
    auto result = read_file(tmpl);
    ::unlink(tmpl.c_str());
    if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw Error("the editor '" + editor + "' failed", "nothing was changed");
    return result ? *result : std::string();
}

Error keep_refused_edit(const std::filesystem::path& file, const std::string& text,
                        const Error& refusal) {
    write_file_atomic(file, text);
    std::string hint = "your text is saved in " + file.string();
    if (!refusal.hint().empty()) hint = refusal.hint() + "\n" + hint;
    return Error(refusal.what(), hint, refusal.code());
}

} // namespace sop::util
