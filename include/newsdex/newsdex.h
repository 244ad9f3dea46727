// newsdex/newsdex.h — everything a program needs to index and search news.
#pragma once

#include <newsdex/article.h>
#include <newsdex/error.h>
#include <newsdex/extract.h>
#include <newsdex/index.h>
#include <newsdex/schema.h>
#include <newsdex/search.h>
#include <newsdex/watch.h>
