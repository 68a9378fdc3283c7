# pizhu: a full-screen reader and annotator for Chinese speeches.
# `make run` and `make check` install what they need first (see .ci/deps).

PKG_CONFIG ?= pkg-config
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/pizhu
MANDIR     ?= $(PREFIX)/share/man
LOCALEDIR  ?= $(PREFIX)/share/locale
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions
# bash-completion's own directory for this prefix (Debian: /usr/share/bash-completion/
# completions), else the usual place under the prefix.
BASHCOMPDIR ?= $(or $(shell $(PKG_CONFIG) --define-variable=prefix=$(PREFIX) \
                 --variable=completionsdir bash-completion 2>/dev/null), \
                 $(PREFIX)/share/bash-completion/completions)
MSGFMT     ?= msgfmt
XGETTEXT   ?= xgettext
CFLAGS     ?= -O2 -g
CLANG      ?= clang
# libunistring ships no .pc file: override these for a non-standard install.
UNISTRING_CFLAGS ?=
UNISTRING_LIBS   ?= -lunistring
FUZZ_SECONDS     ?= 600

VERSION := 0.1.0
PKGS    := ncursesw sqlite3 xlsxwriter zlib
# libxlsxwriter is not linked but loaded by `export --format=xlsx` (src/core/xlsx.c,
# README "Performance"): its headers are used, and its file is named by the SONAME
# of the library its development files link to.
LINK_PKGS  := ncursesw sqlite3 zlib
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(LINK_PKGS) 2>/dev/null)
XLSX_LIB   := $(shell $(CC) -print-file-name=libxlsxwriter.so 2>/dev/null)
XLSX_SONAME ?= $(or $(shell readelf -d '$(XLSX_LIB)' 2>/dev/null | \
                 sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p'),libxlsxwriter.so)
DL_LIBS    ?= -ldl

ifeq ($(SAN),1)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
BUILD     ?= build/san
PIZHU     ?= $(BUILD)/pizhu
else
BUILD     ?= build/rel
PIZHU     ?= pizhu
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

WARN      := -Wall -Wextra
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -pthread $(WARN) -Iinclude $(PKG_CFLAGS) $(UNISTRING_CFLAGS) \
             -DPIZHU_VERSION='"$(VERSION)"' -DPIZHU_DATADIR='"$(DATADIR)"' \
             -DPIZHU_LOCALEDIR='"$(LOCALEDIR)"' -DPIZHU_XLSXWRITER='"$(XLSX_SONAME)"' \
             $(SAN_FLAGS) $(CFLAGS)
ALL_LIBS   = -pthread $(PKG_LIBS) $(UNISTRING_LIBS) $(DL_LIBS) $(SAN_FLAGS) $(LDFLAGS)

CORE_SRC := $(wildcard src/core/*.c)
UI_SRC   := $(wildcard src/ui/*.c)
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
UI_OBJ   := $(UI_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# The reliability suite's C tests (tests/reliability): built and run beside the unit tests.
REL_SRC  := $(wildcard tests/reliability/test_*.c)
REL_BIN  := $(REL_SRC:tests/reliability/%.c=$(BUILD)/tests/%)
# The message catalogues (po/README): po/LANG.po built into BUILD/locale, where the
# program finds them when it runs from the build tree.
LINGUAS  := $(patsubst po/%.po,%,$(wildcard po/*.po))
MO       := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/pizhu.mo)

.PHONY: all run check deps deps-test unit install uninstall clean bench fuzz fuzz-build pot update-po check-po man
all: $(PIZHU) $(MO)

EMBED_OBJ := $(BUILD)/gen/embedded.o

$(BUILD)/locale/%/LC_MESSAGES/pizhu.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT  $<"
	$(Q)$(MSGFMT) --check -o $@ $<

# The template of the catalogues, from the marked strings: _() and N_(), and the
# functions that translate their own format or message (the keywords below), the help
# texts of the action table, the status texts and the names of the kinds of change (the
# third and second arguments of their X-macros). `make update-po` merges it into every po/LANG.po.
POT_SRC  := src/main.c $(sort $(UI_SRC) $(CORE_SRC))
XGETTEXT_FLAGS := --from-code=UTF-8 --add-comments=TRANSLATORS: --package-name=pizhu \
                  --package-version=$(VERSION) --msgid-bugs-address= --no-wrap
XGETTEXT_KEYS  := --keyword=_ --keyword=N_ --keyword=NN_:1,2 --keyword=C_:1c,2 --keyword=pz_message:2 --keyword=pz_messagen:3,4 --keyword=pz_errors_add:4 \
                  --keyword=app_message:3 --keyword=app_messagen:4,5 --keyword=usage_error:1 --keyword=store_failed:1 \
                  --flag=pz_message:2:c-format --flag=pz_messagen:3:c-format \
                  --flag=pz_messagen:4:c-format --flag=pz_errors_add:4:c-format \
                  --flag=app_message:3:c-format --flag=app_messagen:4:c-format \
                  --flag=app_messagen:5:c-format

pot: $(BUILD)/po/pizhu.pot

$(BUILD)/po/pizhu.pot: $(POT_SRC) include/pizhu/action.h include/pizhu/status.h include/pizhu/diff.h include/pizhu/check.h
	@mkdir -p $(dir $@)
	@echo "  XGETTEXT $@"
	$(Q)$(XGETTEXT) $(XGETTEXT_FLAGS) $(XGETTEXT_KEYS) -o $@.src $(POT_SRC)
	$(Q)$(XGETTEXT) $(XGETTEXT_FLAGS) --keyword=ACTION:3 -o $@.act include/pizhu/action.h
	$(Q)$(XGETTEXT) $(XGETTEXT_FLAGS) --keyword=S:2 -o $@.st include/pizhu/status.h
	$(Q)$(XGETTEXT) $(XGETTEXT_FLAGS) --keyword=K:2 --keyword=S:2 -o $@.diff include/pizhu/diff.h include/pizhu/check.h
	$(Q)sed -i 's/charset=CHARSET/charset=UTF-8/' $@.src $@.act $@.st $@.diff
	$(Q)msgcat --use-first --no-wrap -o $@ $@.src $@.act $@.st $@.diff
	$(Q)rm -f $@.src $@.act $@.st $@.diff

update-po: $(BUILD)/po/pizhu.pot
	$(Q)for po in po/*.po; do msgmerge --quiet --update --backup=none --no-wrap "$$po" $< && \
	  msgattrib --no-obsolete --no-wrap -o "$$po" "$$po" || exit 1; done

# Fails when a catalogue, merged with the sources' strings, has an entry untranslated
# or fuzzy, or fails msgfmt --check (tests/po/check.sh; make check runs it too).
check-po: $(BUILD)/po/pizhu.pot
	$(Q)sh tests/po/check.sh $<

$(PIZHU): $(MAIN_OBJ) $(UI_OBJ) $(CORE_OBJ) $(EMBED_OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) -o $@ $^ $(ALL_LIBS)

# The default keymap and themes, built into the program.
$(BUILD)/gen/embedded.c: keymaps/default.keymap themes/dark.theme themes/mono.theme src/embed.sh
	@mkdir -p $(dir $@)
	@echo "  EMBED   $@"
	$(Q)sh src/embed.sh $@ embedded_default_keymap keymaps/default.keymap \
	  embedded_dark_theme themes/dark.theme embedded_mono_theme themes/mono.theme

$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/test_%: tests/unit/test_%.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ -lcmocka $(ALL_LIBS)

$(BUILD)/tests/test_%: tests/reliability/test_%.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ -lcmocka $(ALL_LIBS)

-include $(CORE_OBJ:.o=.d) $(UI_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)

deps:
	@sh .ci/deps build

deps-test:
	@sh .ci/deps test

# Opens the bundled sample in the reader (with no terminal, its outline).
run: deps
	@$(MAKE) --no-print-directory all
	@if [ -t 1 ]; then ./$(PIZHU) doc/sample.txt; else ./$(PIZHU) outline doc/sample.txt; fi

check: deps-test
	@$(MAKE) --no-print-directory all unit pot $(PTYBENCH) $(VTMODEL)
	@PIZHU=$(PIZHU) BUILD=$(BUILD) PTYBENCH=$(PTYBENCH) VTMODEL=$(VTMODEL) sh tests/run.sh

# The fuzz targets whose inputs no command replays, run over their seeds and kept
# findings by make check (tests/fuzz/replay.c stands in for libFuzzer).
REPLAY_BIN := $(BUILD)/replay/fuzz_import $(BUILD)/replay/fuzz_export $(BUILD)/replay/fuzz_sync \
              $(BUILD)/replay/fuzz_config $(BUILD)/replay/fuzz_date $(BUILD)/replay/fuzz_path \
              $(BUILD)/replay/fuzz_diff

$(BUILD)/replay/fuzz_%: tests/fuzz/replay.c tests/fuzz/fuzz_%.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	@echo "  REPLAY  $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(ALL_LIBS)

unit: $(UNIT_BIN) $(REL_BIN) $(REPLAY_BIN)

PTYBENCH := build/bench/ptybench

# The pseudo-terminal driver of `make bench` (tests/bench/tui.sh); forkpty is in libutil.
$(PTYBENCH): tests/bench/ptybench.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) -std=c11 -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< -lutil

VTMODEL := build/bench/vtmodel

# The terminal model that checks a scrolled screen against one drawn from scratch
# (tests/bench/screens.sh in make check, tests/bench/tui.sh in make bench).
$(VTMODEL): tests/bench/vtmodel.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) -std=c11 $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $<

TAGBENCH := build/bench/tagbench

# The tagging timings of `make bench` (tests/bench/tagbench.c), on the core.
$(TAGBENCH): tests/bench/tagbench.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(ALL_LIBS)

bench:
	@sh .ci/deps bench
	@$(MAKE) -s --no-print-directory all $(PTYBENCH) $(VTMODEL) $(TAGBENCH)
	@PIZHU=$(PIZHU) PTYBENCH=$(PTYBENCH) VTMODEL=$(VTMODEL) TAGBENCH=$(TAGBENCH) sh tests/bench/bench.sh
	@PIZHU=$(PIZHU) sh tests/bench/sync.sh

FUZZ_BIN := build/fuzz/fuzz_outline build/fuzz/fuzz_html build/fuzz/fuzz_keymap build/fuzz/fuzz_theme build/fuzz/fuzz_config \
            build/fuzz/fuzz_import build/fuzz/fuzz_detect build/fuzz/fuzz_text build/fuzz/fuzz_diff build/fuzz/fuzz_check \
            build/fuzz/fuzz_export build/fuzz/fuzz_sync build/fuzz/fuzz_date build/fuzz/fuzz_path

fuzz-build: $(FUZZ_BIN)

# The core compiled once for every target (instrumented for coverage, not linked with
# libFuzzer's main), then each target linked with it.
FUZZ_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -g -O1 -Iinclude $(PKG_CFLAGS) $(UNISTRING_CFLAGS) \
               -fsanitize=address,undefined -fno-sanitize-recover=undefined -pthread
FUZZ_OBJ := $(CORE_SRC:%.c=build/fuzz/obj/%.o)

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CLANG   $<"
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) $(UNISTRING_LIBS)

# kept between builds (make would delete them as intermediate files)
.SECONDARY: $(FUZZ_OBJ)
-include $(FUZZ_OBJ:.o=.d)

# FUZZ_SECONDS split over the targets (4/12 for the outline, the most complex
# parser); crash files land in build/fuzz.
fuzz:
	@sh .ci/deps fuzz
	@$(MAKE) --no-print-directory fuzz-build
	@mkdir -p build/fuzz/corpus build/fuzz/corpus-html build/fuzz/corpus-keymap build/fuzz/corpus-theme
	cd build/fuzz && ./fuzz_outline -max_total_time=$$(($(FUZZ_SECONDS) * 4 / 12)) -max_len=65536 \
	  corpus ../../tests/fixtures/outline ../../tests/cli ../../tests/fuzz/regress
	cd build/fuzz && ./fuzz_html -max_total_time=$$(($(FUZZ_SECONDS) / 12)) -max_len=65536 \
	  corpus-html ../../tests/fixtures/outline ../../tests/fuzz/regress
	cd build/fuzz && ./fuzz_keymap -max_total_time=$$(($(FUZZ_SECONDS) / 12)) -max_len=16384 \
	  corpus-keymap ../../keymaps
	cd build/fuzz && ./fuzz_theme -max_total_time=$$(($(FUZZ_SECONDS) / 12)) -max_len=16384 \
	  corpus-theme ../../themes
	@mkdir -p build/fuzz/corpus-config
	cd build/fuzz && ./fuzz_config -max_total_time=$$(($(FUZZ_SECONDS) / 12)) -max_len=4096 \
	  corpus-config ../../tests/fuzz/config
	@mkdir -p build/fuzz/corpus-import build/fuzz/corpus-detect
	cd build/fuzz && ./fuzz_import -max_total_time=$$(($(FUZZ_SECONDS) / 12)) -max_len=8192 \
	  corpus-import ../../tests/fuzz/import
	cd build/fuzz && ./fuzz_detect -max_total_time=$$(($(FUZZ_SECONDS) / 12)) -max_len=16384 \
	  corpus-detect ../../tests/fixtures/suggest ../../tests/fuzz/regress
	@mkdir -p build/fuzz/corpus-text
	cd build/fuzz && ./fuzz_text -max_total_time=$$(($(FUZZ_SECONDS) / 24)) -max_len=1024 \
	  corpus-text ../../tests/fixtures/suggest
	@mkdir -p build/fuzz/corpus-diff build/fuzz/corpus-check
	cd build/fuzz && ./fuzz_diff -max_total_time=$$(($(FUZZ_SECONDS) / 12)) -max_len=16384 \
	  corpus-diff ../../tests/fuzz/diff ../../tests/fixtures/outline
	cd build/fuzz && ./fuzz_check -max_total_time=$$(($(FUZZ_SECONDS) / 12)) -max_len=16384 \
	  corpus-check ../../tests/fixtures/outline ../../tests/fixtures/suggest ../../tests/fuzz/regress
	@mkdir -p build/fuzz/corpus-export
	cd build/fuzz && ./fuzz_export -max_total_time=$$(($(FUZZ_SECONDS) / 12)) -max_len=8192 \
	  corpus-export ../../tests/fuzz/export
	@mkdir -p build/fuzz/corpus-sync
	cd build/fuzz && ./fuzz_sync -max_total_time=$$(($(FUZZ_SECONDS) / 12)) -max_len=16384 \
	  corpus-sync ../../tests/fuzz/sync
	@mkdir -p build/fuzz/corpus-date build/fuzz/corpus-path
	cd build/fuzz && ./fuzz_date -max_total_time=$$(($(FUZZ_SECONDS) / 24)) -max_len=256 \
	  corpus-date ../../tests/fuzz/date
	cd build/fuzz && ./fuzz_path -max_total_time=$$(($(FUZZ_SECONDS) / 24)) -max_len=8192 \
	  corpus-path ../../tests/fuzz/path

# The manual with its KEYS section generated from the action table and the default
# keymap, in English and in Chinese (the keys' help from the catalogue). doc/pizhu.1 and
# doc/zh_CN/pizhu.1 hold it too (`make man` refreshes them; make check says when they
# are stale); the installed pages are made afresh, the Chinese one with break points
# between its characters (src/manbreaks.sh) so that groff can fill its lines.
$(BUILD)/pizhu.1: doc/pizhu.1 $(PIZHU) src/mankeys.sh
	$(Q)sh src/mankeys.sh ./$(PIZHU) doc/pizhu.1 $@

$(BUILD)/zh_CN/pizhu.1: doc/zh_CN/pizhu.1 $(PIZHU) $(MO) src/mankeys.sh src/manbreaks.sh
	@mkdir -p $(dir $@)
	$(Q)sh src/mankeys.sh ./$(PIZHU) doc/zh_CN/pizhu.1 $@ zh_CN
	$(Q)sh src/manbreaks.sh $@ $@

man: $(PIZHU) $(MO) src/mankeys.sh
	$(Q)sh src/mankeys.sh ./$(PIZHU) doc/pizhu.1 doc/pizhu.1
	$(Q)sh src/mankeys.sh ./$(PIZHU) doc/zh_CN/pizhu.1 doc/zh_CN/pizhu.1 zh_CN

install: all $(BUILD)/pizhu.1 $(BUILD)/zh_CN/pizhu.1
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(MANDIR)/zh_CN/man1
	install -m 0755 $(PIZHU) $(DESTDIR)$(BINDIR)/pizhu
	install -m 0644 doc/sample.txt $(DESTDIR)$(DATADIR)/sample.txt
	install -d $(DESTDIR)$(DATADIR)/keymaps $(DESTDIR)$(DATADIR)/themes
	install -m 0644 keymaps/*.keymap $(DESTDIR)$(DATADIR)/keymaps/
	install -m 0644 themes/*.theme $(DESTDIR)$(DATADIR)/themes/
	install -m 0644 $(BUILD)/pizhu.1 $(DESTDIR)$(MANDIR)/man1/pizhu.1
	install -m 0644 $(BUILD)/zh_CN/pizhu.1 $(DESTDIR)$(MANDIR)/zh_CN/man1/pizhu.1
	install -m 0644 doc/pizhu.conf.example $(DESTDIR)$(DATADIR)/pizhu.conf.example
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 0644 completion/pizhu.bash $(DESTDIR)$(BASHCOMPDIR)/pizhu
	install -m 0644 completion/_pizhu $(DESTDIR)$(ZSHCOMPDIR)/_pizhu
	for l in $(LINGUAS); do \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/pizhu.mo \
	    $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/pizhu.mo || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pizhu $(DESTDIR)$(MANDIR)/man1/pizhu.1 \
	  $(DESTDIR)$(MANDIR)/zh_CN/man1/pizhu.1
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/pizhu.mo; done
	rm -f $(DESTDIR)$(BASHCOMPDIR)/pizhu $(DESTDIR)$(ZSHCOMPDIR)/_pizhu
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build pizhu
