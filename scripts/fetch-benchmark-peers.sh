#!/usr/bin/env bash
# Prepares the TorchSharp peer of `dotnet run -c Release --project benchmarks/Depthwise.Benchmarks -- backward --torchsharp`.
#
# TorchSharp-cpu 0.107.0 ships LibTorch 2.10.0, whose libraries need GLIBCXX_3.4.32 (GCC 13+); Debian 12 has
# GLIBCXX_3.4.30, and Debian 13's libstdc++ in turn needs glibc 2.38 (Debian 12: 2.36). So the peer runs as a child
# process on Debian 13 (trixie)'s own C and C++ runtime, never touching the system's:
#   1. apt-get (with a private state directory holding only trixie's index) downloads libc6, libstdc++6 and
#      libgcc-s1 from trixie into .cache/peers/debs; dpkg-deb unpacks them into .cache/peers/trixie;
#   2. the peer program is built into .cache/peers/torchsharp, and a copy of its launcher gets trixie's dynamic loader
#      as its interpreter (patchelf), so the whole process, .NET runtime included, runs on trixie's glibc;
#   3. the benchmark starts that launcher with LD_LIBRARY_PATH=.cache/peers/trixie/... and DOTNET_ROOT set.
# Everything lands in .cache/peers (git-ignored); the library and its tests never reference TorchSharp.
set -euo pipefail
cd "$(dirname "$0")/.."

cache="$PWD/.cache/peers"
apt_dir="$cache/apt"
root="$cache/trixie"
libraries="$root/usr/lib/x86_64-linux-gnu"
peer="$cache/torchsharp"

if ! command -v patchelf >/dev/null; then
  apt-get install -y -qq patchelf >/dev/null || { apt-get update -qq && apt-get install -y -qq patchelf >/dev/null; }
fi

if [ ! -e "$libraries/ld-linux-x86-64.so.2" ] || [ ! -e "$libraries/libstdc++.so.6" ]; then
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$cache/debs" "$root"
  echo "deb http://deb.debian.org/debian trixie main" > "$apt_dir/sources.list"
  apt_options=(
    -o "Dir::Etc::SourceList=$apt_dir/sources.list"
    -o "Dir::Etc::SourceParts=/nonexistent"
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir/cache"
    -o "APT::Architecture=amd64"
    -o "APT::Sandbox::User=root"
  )
  apt-get "${apt_options[@]}" update -qq
  (cd "$cache/debs" && apt-get "${apt_options[@]}" download libc6 libstdc++6 libgcc-s1)
  for deb in "$cache"/debs/*.deb; do
    dpkg-deb -x "$deb" "$root"
  done
fi

dotnet build -c Release benchmarks/Depthwise.Benchmarks.TorchSharp -o "$peer" -v quiet -nologo
cp "$peer/Depthwise.Benchmarks.TorchSharp" "$peer/Depthwise.Benchmarks.TorchSharp.trixie"
patchelf --set-interpreter "$libraries/ld-linux-x86-64.so.2" "$peer/Depthwise.Benchmarks.TorchSharp.trixie"
echo "TorchSharp peer ready: $peer/Depthwise.Benchmarks.TorchSharp.trixie (runtime libraries in $libraries)"
