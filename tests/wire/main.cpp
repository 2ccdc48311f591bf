#define BOOST_TEST_MODULE wire_tests
#include <boost/test/unit_test.hpp>
