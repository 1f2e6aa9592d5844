package config

// fileConfig is the TOML file's shape. Values that need checking are
// strings here; validate turns them into typed values and gathers every
// problem with its line.
type fileConfig struct {
	Domain     string          `toml:"domain"`
	DataDir    string          `toml:"data_dir"`
	From       string          `toml:"from"`
	Grace      string          `toml:"grace"`
	Retention  string          `toml:"retention"`
	SMTP       fileSMTP        `toml:"smtp"`
	IMAP       *fileIMAP       `toml:"imap"`
	Relay      *fileRelay      `toml:"relay"`
	Admin      *fileAdmin      `toml:"admin"`
	Submission *fileSubmission `toml:"submission"`
	Teams      []fileTeam      `toml:"team"`
	Password   string          `toml:"password"` // refused: secrets come from files or env
}

type fileSMTP struct {
	Listen         string `toml:"listen"`
	MaxMessageSize string `toml:"max_message_size"`
	MaxRecipients  int    `toml:"max_recipients"`
	MaxConnections int    `toml:"max_connections"`
	MaxLineLength  int    `toml:"max_line_length"`
	RatePerMinute  int    `toml:"rate_per_minute"`
	ReadTimeout    string `toml:"read_timeout"`
	WriteTimeout   string `toml:"write_timeout"`
	TLSCert        string `toml:"tls_cert"`
	TLSKey         string `toml:"tls_key"`
	DKIM           string `toml:"dkim"`
	SPF            string `toml:"spf"`
	// Limits on what clients can hold (package smtpd, limits.go).
	MemoryBudget        string `toml:"memory_budget"`
	MaxConnectionsPerIP int    `toml:"max_connections_per_ip"`
	CommandTimeout      string `toml:"command_timeout"`
	DataTimeout         string `toml:"data_timeout"`
}

type fileAdmin struct {
	Listen string `toml:"listen"`
}

type fileSubmission struct {
	Listen        string `toml:"listen"`
	PasswordsFile string `toml:"passwords_file"`
}

type fileSecret struct {
	Username     string `toml:"username"`
	Password     string `toml:"password"` // refused
	PasswordFile string `toml:"password_file"`
	PasswordEnv  string `toml:"password_env"`
}

type fileIMAP struct {
	Address      string `toml:"address"`
	TLS          string `toml:"tls"`
	Mailbox      string `toml:"mailbox"`
	MoveTo       string `toml:"move_to"`
	PollInterval string `toml:"poll_interval"`
	fileSecret
}

type fileRelay struct {
	Address string `toml:"address"`
	TLS     string `toml:"tls"`
	fileSecret
}

type fileTeam struct {
	Name           string              `toml:"name"`
	Address        string              `toml:"address"`
	CheckIn        string              `toml:"checkin"`
	Digest         string              `toml:"digest"`
	Workdays       []string            `toml:"workdays"`
	ResponseWindow string              `toml:"response_window"`
	SendEmpty      bool                `toml:"send_empty"`
	Sections       map[string][]string `toml:"sections"`
	Prompt         map[string]string   `toml:"prompt"`
	Members        []fileMember        `toml:"member"`
}

type fileMember struct {
	Name         string   `toml:"name"`
	Email        string   `toml:"email"`
	TimeZone     string   `toml:"timezone"`
	WorkingHours string   `toml:"working_hours"`
	Away         []string `toml:"away"`
}
