package prompt

// key is one key press, as the terminal prompts read them: a printable rune,
// or one of the editing keys below.
type key struct {
	r    rune // the typed character, for keyRune
	kind keyKind
}

type keyKind int

const (
	keyNone keyKind = iota
	keyRune
	keyEnter
	keyBackspace
	keyDelete
	keyLeft
	keyRight
	keyUp
	keyDown
	keyHome
	keyEnd
	keyKillStart // Ctrl-U: delete to the start of the line
	keyKillEnd   // Ctrl-K: delete to the end of the line
	keyKillWord  // Ctrl-W: delete the word before the cursor
	keyTab
	keyEOF       // Ctrl-D
	keyInterrupt // Ctrl-C
	keyEscape
	keySpace
)

// keySource reads keys from a terminal in raw mode.
type keySource interface {
	readKey() (key, error)
}
