#!/usr/bin/env bash
# Install or upgrade the Café numérique kiosk on a Debian or Ubuntu laptop, from the bundle folder this script
# sits in (dist/kiosk/ after `./dev build`). Run it again from a newer bundle to upgrade: the data folder
# (settings, PIN, keys, participation log) is never touched; the new version migrates it when it starts.
#
#   sudo ./install.sh [--user NAME] [--no-autostart] [--no-apt]     install or upgrade
#   sudo ./install.sh --uninstall [--user NAME]                       remove the app (the data folder stays)
#
#   --user NAME     the account that runs the kiosk (default: the one that called sudo): its data folder is
#                   created and, unless --no-autostart, the kiosk starts at its login under the crash
#                   supervisor, full screen (kiosk supervise -- --kiosk)
#   --no-apt        do not install the Debian/Ubuntu libraries the bundle needs (listed below)
#   --root DIR      install into DIR as if it were / (image builders, tests); implies --no-apt
#   --no-selftest   skip the final `kiosk --selftest` (image builders, tests)
#
# Layout: /opt/cafe-numerique-kiosk/releases/<version>-<build date>/ (read-only, owned by root; the new one and
# the one it replaces are kept, so a bad upgrade can be undone by pointing `current` back),
# /opt/cafe-numerique-kiosk/current (a symlink switched atomically), /usr/local/bin/kiosk, the menu entry and its icon. The data folder is
# ~NAME/.local/share/cafe-numerique-kiosk (docs/packaging.md).
set -euo pipefail

# What the bundle needs from the system (the rest is inside it): Qt's X11 libraries, OpenGL/EGL and Mesa's
# drivers (the dome's GPU output), fonts, D-Bus and GLib, PortAudio for sound, espeak-ng for read-aloud. Kept in
# step with APT_RUNTIME in ./dev by tests/kiosk/test_packaging.py.
RUNTIME_PACKAGES="libportaudio2 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libxcb-cursor0 libegl1 libgl1
  libgl1-mesa-dri libegl-mesa0 libglx-mesa0
  libfontconfig1 fonts-dejavu-core fonts-noto-color-emoji libdbus-1-3 libglib2.0-0 espeak-ng"
APP=cafe-numerique-kiosk

here=$(cd "$(dirname "$0")" && pwd)
user=${SUDO_USER:-}
root=""
apt=1
autostart=1
selftest=1
action=install

say() { printf '\033[1m[install]\033[0m %s\n' "$*"; }
fail() { printf '\033[1m[install]\033[0m error: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --user) user=${2:?--user needs a name}; shift 2 ;;
    --no-autostart) autostart=0; shift ;;
    --no-apt) apt=0; shift ;;
    --no-selftest) selftest=0; shift ;;
    --root) root=$(realpath -m "${2:?--root needs a folder}"); apt=0; shift 2 ;;
    --uninstall) action=uninstall; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) fail "unknown option $1 (see --help)" ;;
  esac
done

prefix=$root/opt/$APP
bin_dir=$root/usr/local/bin
share=$root/usr/share
[ -n "$root" ] || [ "$(id -u)" -eq 0 ] || fail "run as root: sudo $0 $*"

user_home() { # the home folder of $user (inside --root when given)
  local home
  home=$(getent passwd "$user" | cut -d: -f6) || fail "no such user: $user"
  echo "$root$home"
}

as_user() { # run a command as $user (as is under --root, or when no user was named)
  if [ -z "$user" ]; then "$@"
  elif [ -z "$root" ] && [ "$(id -un)" != "$user" ]; then runuser -u "$user" -- "$@"
  else HOME=$(user_home) "$@"; fi
}

uninstall() {
  rm -rf "$prefix" "$bin_dir/kiosk" "$share/applications/$APP.desktop" \
    "$share/icons/hicolor/scalable/apps/$APP.svg"
  if [ -n "$user" ]; then
    rm -f "$(user_home)/.config/autostart/$APP.desktop"
    say "removed; the data folder $(user_home)/.local/share/$APP stays (settings, PIN, keys, participation log)"
  else
    say "removed"
  fi
}

install_packages() {
  [ "$apt" -eq 1 ] || return 0
  command -v apt-get >/dev/null || fail "apt-get not found: install these packages by hand: $RUNTIME_PACKAGES"
  say "installing the libraries the kiosk needs: $(echo $RUNTIME_PACKAGES)"
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $RUNTIME_PACKAGES >/dev/null
}

release_name() { # <version>-<build date>, from the bundle's build-info.json
  local info=$here/_internal/build-info.json version built
  [ -f "$info" ] || fail "$here is not a kiosk bundle (no _internal/build-info.json)"
  version=$(sed -n 's/.*"version": "\([^"]*\)".*/\1/p' "$info")
  built=$(sed -n 's/.*"built_at": "\([^"]*\)".*/\1/p' "$info" | tr -d ':-')
  echo "$version-$built"
}

install_release() {
  local name target previous old
  name=$(release_name)
  target=$prefix/releases/$name
  if [ "$here" = "$(realpath -m "$target")" ]; then fail "run the install script of a new bundle, not the installed one"; fi
  say "installing $name into $target"
  mkdir -p "$prefix/releases"
  rm -rf "$target.partial"
  cp -a "$here" "$target.partial"
  chmod -R u+rwX,go+rX,go-w "$target.partial"
  [ -n "$root" ] || chown -R root:root "$target.partial"
  rm -rf "$target"
  mv "$target.partial" "$target"
  chmod -R a-w "$target"  # the app never writes inside itself: its data live in the user's data folder
  previous=$(basename "$(readlink "$prefix/current" 2>/dev/null || echo none)")
  ln -sfn "releases/$name" "$prefix/current.new"
  mv -T "$prefix/current.new" "$prefix/current"  # atomic: a kiosk starting now gets the old or the new one
  for old in "$prefix"/releases/*; do  # keep the new release and the one it replaces (a rollback)
    case "$(basename "$old")" in "$name"|"$previous") ;; *) chmod -R u+w "$old"; rm -rf "$old" ;; esac
  done
  [ "$previous" = none ] || [ "$previous" = "$name" ] || say "previous release kept for a rollback: $previous"
}

install_entries() {
  mkdir -p "$bin_dir" "$share/applications" "$share/icons/hicolor/scalable/apps"
  ln -sfn "/opt/$APP/current/kiosk" "$bin_dir/kiosk"
  install -m 644 "$here/$APP.svg" "$share/icons/hicolor/scalable/apps/$APP.svg"
  sed "s|^Exec=kiosk|Exec=/usr/local/bin/kiosk|; s|^TryExec=kiosk|TryExec=/usr/local/bin/kiosk|" \
    "$here/kiosk.desktop" > "$share/applications/$APP.desktop"
  chmod 644 "$share/applications/$APP.desktop"
}

prepare_user() {
  local home data autostart_dir
  home=$(user_home)
  data=$home/.local/share/$APP
  if [ ! -d "$data" ]; then
    as_user mkdir -p "$data"
    chmod 700 "$data"
    say "data folder created: $data"
  else
    say "data folder kept as it is: $data"
  fi
  autostart_dir=$home/.config/autostart
  if [ "$autostart" -eq 1 ]; then
    as_user mkdir -p "$autostart_dir"
    as_user cp "$share/applications/$APP.desktop" "$autostart_dir/$APP.desktop"
    say "the kiosk starts full screen at $user's login (kiosk supervise -- --kiosk)"
  fi
}

check_install() {
  local kiosk=$prefix/current/kiosk
  if [ "$selftest" -eq 1 ]; then
    say "checking the installation (kiosk --selftest)"
    as_user env QT_QPA_PLATFORM=offscreen "$kiosk" --selftest \
      || fail "installed, but the selftest failed: see the lines marked FAILED above"
  fi
  if [ -n "$user" ] && [ ! -f "$(user_home)/.local/share/$APP/pin.json" ]; then
    say "no facilitator PIN yet (kiosk mode will not start without one): run  sudo -u $user kiosk pin set"
  fi
}

if [ "$action" = uninstall ]; then uninstall; exit 0; fi
install_packages
install_release
install_entries
[ -z "$user" ] || prepare_user
check_install
say "done: $(as_user "$prefix/current/kiosk" --version | head -1)"
