package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// user and order are the demo services' resources.
type user struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type order struct {
	ID   int    `json:"id"`
	User string `json:"user"`
	Item string `json:"item"`
}

// newUsersService serves GET /users, POST /users and GET, PUT, DELETE
// /users/{id} from memory.
func newUsersService() http.Handler {
	var mu sync.Mutex
	users := map[string]user{"1": {ID: "1", Name: "Ada"}, "2": {ID: "2", Name: "Grace"}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		list := make([]user, 0, len(users))
		for _, u := range users {
			list = append(list, u)
		}
		mu.Unlock()
		writeJSON(w, http.StatusOK, list)
	})
	mux.HandleFunc("POST /users", func(w http.ResponseWriter, r *http.Request) {
		var u user
		if err := decodeJSON(r, &u); err != nil || u.ID == "" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body must be JSON with an id"})
			return
		}
		mu.Lock()
		users[u.ID] = u
		mu.Unlock()
		writeJSON(w, http.StatusCreated, u)
	})
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		u, ok := users[r.PathValue("id")]
		mu.Unlock()
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such user"})
			return
		}
		writeJSON(w, http.StatusOK, u)
	})
	mux.HandleFunc("PUT /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		var u user
		if err := decodeJSON(r, &u); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body must be JSON"})
			return
		}
		u.ID = r.PathValue("id")
		mu.Lock()
		users[u.ID] = u
		mu.Unlock()
		writeJSON(w, http.StatusOK, u)
	})
	mux.HandleFunc("DELETE /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		delete(users, r.PathValue("id"))
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}

// newOrdersService serves GET and POST /orders, GET /orders/{id} and GET
// /orders/by-user/{id} from memory.
func newOrdersService() http.Handler {
	var mu sync.Mutex
	var orders []order
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		list := append([]order{}, orders...)
		mu.Unlock()
		writeJSON(w, http.StatusOK, list)
	})
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		var o order
		if err := decodeJSON(r, &o); err != nil || o.User == "" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body must be JSON with a user"})
			return
		}
		mu.Lock()
		o.ID = len(orders) + 1
		orders = append(orders, o)
		mu.Unlock()
		w.Header().Set("Location", "/api/orders/"+strconv.Itoa(o.ID))
		writeJSON(w, http.StatusCreated, o)
	})
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		mu.Lock()
		defer mu.Unlock()
		if err != nil || id < 1 || id > len(orders) {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such order"})
			return
		}
		writeJSON(w, http.StatusOK, orders[id-1])
	})
	mux.HandleFunc("GET /orders/by-user/{id}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		mu.Lock()
		list := []order{}
		for _, o := range orders {
			if o.User == id {
				list = append(list, o)
			}
		}
		mu.Unlock()
		writeJSON(w, http.StatusOK, list)
	})
	return mux
}

// maxDemoBody bounds request bodies the demo services read.
const maxDemoBody = 64 << 10

func decodeJSON(r *http.Request, v any) error {
	return json.NewDecoder(io.LimitReader(r.Body, maxDemoBody)).Decode(v)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
