package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/dsmarket/dsmarket/models"
)

// IsUnavailable reports whether err says the database could not be reached or dropped the
// connection, rather than refusing the statement: the caller should answer "try again"
// (503), never "internal error", and change nothing. Errors already classified as
// models.EUNAVAILABLE count too.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if models.ErrorCode(err) == models.EUNAVAILABLE {
		return true
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &connectErr), errors.As(err, &netErr), pgconn.Timeout(err), pgconn.SafeToRetry(err):
		return true
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, context.DeadlineExceeded):
		return true
	case errors.As(err, &pgErr):
		// Class 08 is "connection exception"; 57P0x are shutdowns and "cannot connect now";
		// 53300 is "too many connections".
		return strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "57P") || pgErr.Code == "53300"
	}
	// pgx reports a connection that died under a statement with these texts and no type.
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "closed pool") ||
		strings.Contains(msg, "failed to connect to")
}
