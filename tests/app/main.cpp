#define BOOST_TEST_MODULE app_tests
#include <boost/test/unit_test.hpp>
