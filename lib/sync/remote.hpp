#pragma once
// The other end of `sop sync`: a remote configured in the clone (by name) or a URL or path,
// reached through libgit2's transports (a path, file://, git://, ssh:// through the agent,
// https://). Only branches move: refs/heads/<b> there and here, never forced.
#include "git/handles.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sop::sync {

using RemotePtr = git::Handle<git_remote, git_remote_free>;

class Remote {
  public:
    // `name_or_url` empty: the upstream remote of `branch` (branch.<b>.remote), else "origin",
    // else the only remote; UsageError when there is none to choose, NotFoundError for a name
    // that is neither a remote nor a URL or path.
    static Remote open(git_repository* repo, const std::string& branch,
                       const std::string& name_or_url);

    // The remote's name, or its URL when it has none.
    const std::string& label() const { return label_; }
    // "refs/remotes/<name>/<branch>", which fetch keeps up to date; "" for a URL.
    std::string tracking_ref(const std::string& branch) const;
    // How the branch is named in messages: "origin/main", or "main of <url>".
    std::string describe(const std::string& branch) const;

    // Fetches `branches` (short names); returns the tip of each as the remote has it, nullopt
    // for a branch it does not have.
    std::map<std::string, std::optional<git_oid>> fetch(const std::vector<std::string>& branches);

    // Pushes each local branch to the branch of the same name there, none forced. Returns
    // false when the remote refused because a branch moved there since the fetch (not a
    // fast-forward); throws Error for any other failure.
    bool push(const std::vector<std::string>& branches);

  private:
    Remote(git_repository* repo, RemotePtr remote, std::string name, std::string label);
    git_repository* repo_;
    RemotePtr remote_;
    std::string name_;
    std::string label_;
};

} // namespace sop::sync
