# shellcheck shell=bash
# build-aux/setup.sh — shared set-up for build-aux/run and build-aux/test.
#
# Sourced, not executed. Installs the Debian packages that are missing (and
# only those), then configures and builds into _build/. The caller has
# already changed into the repository root.

# Everything needed to build, run and test on Debian 12 (bookworm) or newer.
# One package per line: add new build or test dependencies here.
IC_PACKAGES=(
  meson
  libxml2-utils
  ninja-build
  pkg-config
  gcc
  libglib2.0-dev
  libglib2.0-bin
  libgtk-4-dev
  libadwaita-1-dev
  libgtksourceview-5-dev
  libsoup-3.0-dev
  libjson-glib-dev
  libyaml-dev
  libgit2-dev
  git
  libsqlite3-dev
  sqlite3
  libhiredis-dev
  cmake
  libsecret-1-dev
  gnome-keyring
  gettext
  desktop-file-utils
  appstream
  xvfb
  libxtst-dev
  libxdamage-dev
  at-spi2-core
  python3-pyatspi
  xauth
  dbus
  dbus-bin
  redis-server
  redis-tools
  cmark
  cmark-gfm
  glib-networking
  imagemagick
  fonts-cantarell
  adwaita-icon-theme
  librsvg2-bin
  libgtk-4-bin
)

IC_BUILD_DIR=_build

ic_log () {
  printf '==> %s\n' "$*" >&2
}

# ic_install_missing_packages [PACKAGE…]: those of IC_PACKAGES, or the ones
# given, that are not installed yet.
ic_install_missing_packages () {
  local pkg status
  local -a wanted=("$@")
  local -a missing=()
  local -a sudo=()

  if [[ ${#wanted[@]} -eq 0 ]]; then
    wanted=("${IC_PACKAGES[@]}")
  fi

  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    ic_log "not a Debian-like system (no dpkg-query/apt-get): install these yourself: ${wanted[*]}"
    return 0
  fi

  for pkg in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done

  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi

  if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
      ic_log "missing packages and no sudo: as root, run: apt-get install ${missing[*]}"
      return 1
    fi
    sudo=(sudo)
  fi

  ic_log "installing missing packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
}

# ic_setup [MESON-SETUP-OPTION…]: packages, configure (or reconfigure), build.
ic_setup () {
  ic_install_missing_packages

  if [[ -f "$IC_BUILD_DIR/meson-private/coredata.dat" ]]; then
    ic_log "meson setup --reconfigure $IC_BUILD_DIR $*"
    meson setup --reconfigure "$IC_BUILD_DIR" "$@"
  else
    ic_log "meson setup $IC_BUILD_DIR $*"
    meson setup "$IC_BUILD_DIR" "$@"
  fi

  ic_log "meson compile -C $IC_BUILD_DIR"
  meson compile -C "$IC_BUILD_DIR"
}
