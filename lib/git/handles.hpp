#pragma once
// Owning wrappers for libgit2 handles: every git_* object sop creates lives in one of these.
#include <git2.h>

#include <memory>
#include <string>

namespace sop::git {

template <class T, void (*Free)(T*)> struct Deleter {
    void operator()(T* p) const { Free(p); }
};
template <class T, void (*Free)(T*)> using Handle = std::unique_ptr<T, Deleter<T, Free>>;

using RepositoryPtr = Handle<git_repository, git_repository_free>;
using ReferencePtr = Handle<git_reference, git_reference_free>;
using CommitPtr = Handle<git_commit, git_commit_free>;
using TreePtr = Handle<git_tree, git_tree_free>;
using TreeEntryPtr = Handle<git_tree_entry, git_tree_entry_free>;
using BlobPtr = Handle<git_blob, git_blob_free>;
using IndexPtr = Handle<git_index, git_index_free>;
using SignaturePtr = Handle<git_signature, git_signature_free>;
using ConfigPtr = Handle<git_config, git_config_free>;
using RevwalkPtr = Handle<git_revwalk, git_revwalk_free>;
using TreeBuilderPtr = Handle<git_treebuilder, git_treebuilder_free>;

// Throws sop::Error("<what>: <libgit2's message>") when rc < 0; returns rc otherwise.
int check(int rc, const std::string& what);

// libgit2's global state for the lifetime of the process (or a test run).
class Library {
  public:
    Library();
    ~Library();
    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;
};

std::string oid_str(const git_oid& oid);

} // namespace sop::git
