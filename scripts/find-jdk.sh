# Sourced: defines tandem_find_jdk, which prints the home of a JDK >= 21 or fails.
tandem_java_major() { # $1 = java home; prints its feature version
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  echo "${v%%.*}"
}
tandem_find_jdk() {
  local h best="" bestv=0 v
  for h in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$h/bin/javac" ] || continue
    v=$(tandem_java_major "$h")
    [ -n "$v" ] && [ "$v" -ge 21 ] || continue
    if [ "$h" = "${JAVA_HOME:-}" ]; then echo "$h"; return 0; fi
    if [ "$v" -gt "$bestv" ]; then best=$h; bestv=$v; fi
  done
  [ -n "$best" ] && echo "$best"
}
