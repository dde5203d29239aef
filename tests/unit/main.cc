// The test runner's entry point. Every other file adds its suites to the
// module declared here.
#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE secgi
#include <boost/test/unit_test.hpp>
