#pragma once
// The first thing a new user sees: one line per thing to try, "Reproduce the 2009 oops"
// first (the seed scenario with early-free), each loaded and played with one click.

#include "faults/fault.h"

#include <QString>
#include <QWidget>

class QCommandLinkButton;
class QScrollArea;

#include <vector>

namespace racescope::ui {

struct StartEntry {
    QString scenario;
    std::vector<FaultId> faults;
    QString title;
    QString description;
    bool runToOops = false; // the first entry goes straight to the crash
};

// The entries in display order: the seed with early-free, then every built-in scenario as is.
std::vector<StartEntry> startEntries();

class StartPanel : public QWidget {
    Q_OBJECT
public:
    explicit StartPanel(QWidget* parent = nullptr);
    // Tall enough for every line without scrolling (a scroll area alone asks for less).
    QSize sizeHint() const override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void entryChosen(const racescope::ui::StartEntry& entry);

private:
    // Each line's title is elided to the panel's width, so that a narrow panel shows the
    // start of every title rather than a horizontal scroll bar.
    void fitTitles();

    struct Line {
        QCommandLinkButton* button;
        QString title;
        QString description;
    };
    QWidget* m_intro = nullptr;
    QWidget* m_lines = nullptr;
    QScrollArea* m_scroll = nullptr;
    std::vector<Line> m_entries;
};

} // namespace racescope::ui
