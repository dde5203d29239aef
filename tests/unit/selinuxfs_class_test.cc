#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>

#include "selinuxfs_class.h"
#include "test_support.h"

namespace secgi {
namespace {

using test::error_text;

// A class directory laid out as selinuxfs lays it out: class "process"
// with value 2 and "transition" as its second permission.
struct ClassTree {
  ClassTree() {
    dir.make_dir("class", 0755);
    dir.make_dir("class/process", 0755);
    dir.make_dir("class/process/perms", 0755);
    dir.write_file("class/process/index", "2\n", 0444);
    dir.write_file("class/process/perms/fork", "1\n", 0444);
    dir.write_file("class/process/perms/transition", "2\n", 0444);
    dir.write_file("class/process/perms/last", "32", 0444);
    dir.write_file("class/process/perms/beyond", "33\n", 0444);
  }
  test::TempDir dir;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(selinuxfs_class)

BOOST_AUTO_TEST_CASE(parses_index_with_newline) {
  auto index = parse_index("17\n", 32);
  BOOST_TEST_REQUIRE(index.ok(), error_text(index));
  BOOST_TEST(*index == 17u);
}

BOOST_AUTO_TEST_CASE(rejects_malformed_indexes) {
  for (const char* text : {"", "\n", "0", "33", "-1", "1x", " 1", "1\n\n",
                           "99999999999"}) {
    auto index = parse_index(text, 32);
    BOOST_TEST(!index.ok(), "accepted '" << text << "'");
  }
}

BOOST_AUTO_TEST_CASE(reads_class_value) {
  ClassTree tree;
  auto value = class_value(tree.dir.path(), "process");
  BOOST_TEST_REQUIRE(value.ok(), error_text(value));
  BOOST_TEST(*value == 2);
}

BOOST_AUTO_TEST_CASE(reads_permission_bits) {
  ClassTree tree;
  auto fork = permission_bit(tree.dir.path(), "process", "fork");
  auto transition = permission_bit(tree.dir.path(), "process", "transition");
  auto last = permission_bit(tree.dir.path(), "process", "last");
  BOOST_TEST_REQUIRE(fork.ok(), error_text(fork));
  BOOST_TEST_REQUIRE(transition.ok(), error_text(transition));
  BOOST_TEST_REQUIRE(last.ok(), error_text(last));
  BOOST_TEST(*fork == 1u);
  BOOST_TEST(*transition == 2u);
  BOOST_TEST(*last == 0x80000000u);
}

BOOST_AUTO_TEST_CASE(rejects_permission_beyond_32) {
  ClassTree tree;
  SECGI_CHECK_ERROR(permission_bit(tree.dir.path(), "process", "beyond"),
                   "expected an index from 1 to 32");
}

BOOST_AUTO_TEST_CASE(unknown_class_is_error) {
  ClassTree tree;
  SECGI_CHECK_ERROR(class_value(tree.dir.path(), "file"),
                   "unknown class 'file'");
}

BOOST_AUTO_TEST_CASE(unknown_permission_is_error) {
  ClassTree tree;
  SECGI_CHECK_ERROR(permission_bit(tree.dir.path(), "process", "execmem"),
                   "unknown permission 'process execmem'");
}

BOOST_AUTO_TEST_CASE(rejects_names_leaving_class_directory) {
  ClassTree tree;
  BOOST_TEST(!class_value(tree.dir.path(), "../class/process").ok());
  BOOST_TEST(!class_value(tree.dir.path(), "").ok());
  BOOST_TEST(!permission_bit(tree.dir.path(), "process", "../index").ok());
  BOOST_TEST(!permission_bit(tree.dir.path(), "process/perms", "fork").ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
